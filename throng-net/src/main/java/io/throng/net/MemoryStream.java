package io.throng.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of an in-memory connection: a {@link ByteStream} with no socket, for testing a protocol
 * without the network (Twisted's {@code StringTransport}, Go's {@code net.Pipe}). {@link #pair} makes two
 * connected ends; what one writes the other reads.
 *
 * <p>It behaves as a socket where a protocol can tell: each direction holds at most {@code capacity}
 * bytes, so a writer blocks while its peer does not read (back-pressure, and a test can see it); reads
 * return what is there, at least one byte; {@link #shutdownOutput} gives the peer end of stream;
 * {@link #close} from any thread ends this end's blocked read or write with
 * {@link AsynchronousCloseException} (a call made after the close gets {@link ClosedChannelException}), and
 * the peer reads what was written before, then end of stream, and fails to write ("connection reset" as an
 * {@link IOException}).
 *
 * <p>Interrupts: a thread interrupted while blocked here gets {@link java.io.InterruptedIOException} with its
 * interrupt status kept and the stream left open (unlike an NIO channel, which closes on interrupt); for a
 * write, {@code bytesTransferred} says how many bytes had already gone to the peer, so nothing is lost unseen.
 */
public final class MemoryStream implements ByteStream {

    /** Two connected ends: what {@code client} writes {@code server} reads, and back. */
    public record Pair(MemoryStream client, MemoryStream server) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    /** One direction: a bounded ring of bytes with one lock and two conditions. */
    private static final class Pipe {
        final ReentrantLock lock = new ReentrantLock();
        final Condition readable = lock.newCondition();
        final Condition writable = lock.newCondition();
        final byte[] ring;
        int head;
        int size;
        boolean eof;        // the writer shut down or closed: the reader sees -1 once drained
        boolean readerGone; // the reader closed: writes fail

        Pipe(int capacity) {
            ring = new byte[capacity];
        }
    }

    private final Pipe in;
    private final Pipe out;
    private volatile boolean closed;

    private MemoryStream(Pipe in, Pipe out) {
        this.in = in;
        this.out = out;
    }

    /** Two connected ends, each direction holding at most {@code capacity} bytes unread. */
    public static Pair pair(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        Pipe a = new Pipe(capacity);
        Pipe b = new Pipe(capacity);
        return new Pair(new MemoryStream(b, a), new MemoryStream(a, b));
    }

    /** Two connected ends with 64 KiB each way, about a loopback socket's buffer. */
    public static Pair pair() {
        return pair(64 * 1024);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (closed) {
            throw new ClosedChannelException();
        }
        Pipe p = in;
        p.lock.lock();
        try {
            while (p.size == 0) {
                if (closed) {
                    throw new AsynchronousCloseException();
                }
                if (p.eof) {
                    return -1;
                }
                await(p.readable, 0);
            }
            if (closed) {
                throw new AsynchronousCloseException();
            }
            int n = Math.min(p.size, dst.remaining());
            for (int i = 0; i < n; i++) {
                dst.put(p.ring[(p.head + i) % p.ring.length]);
            }
            p.head = (p.head + n) % p.ring.length;
            p.size -= n;
            p.writable.signalAll();
            return n;
        } finally {
            p.lock.unlock();
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (closed) {
            throw new ClosedChannelException(); // even for nothing to write, as a closed socket channel does
        }
        int total = src.remaining();
        Pipe p = out;
        p.lock.lock();
        try {
            while (src.hasRemaining()) {
                while (p.size == p.ring.length && !closed && !p.readerGone && !p.eof) {
                    await(p.writable, total - src.remaining());
                }
                if (closed) {
                    throw new AsynchronousCloseException(); // it was open when the call began
                }
                if (p.eof) {
                    throw new IOException("output is shut down");
                }
                if (p.readerGone) {
                    throw new IOException("connection reset by peer");
                }
                int n = Math.min(p.ring.length - p.size, src.remaining());
                int tail = (p.head + p.size) % p.ring.length;
                for (int i = 0; i < n; i++) {
                    p.ring[(tail + i) % p.ring.length] = src.get();
                }
                p.size += n;
                p.readable.signalAll();
            }
            return total;
        } finally {
            p.lock.unlock();
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += write(srcs[i]);
        }
        return n;
    }

    @Override
    public void shutdownOutput() {
        signal(out, () -> out.eof = true);
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        signal(out, () -> out.eof = true);
        signal(in, () -> in.readerGone = true);
    }

    private static void signal(Pipe p, Runnable change) {
        p.lock.lock();
        try {
            change.run();
            p.readable.signalAll();
            p.writable.signalAll();
        } finally {
            p.lock.unlock();
        }
    }

    /** Waits on {@code c}; on an interrupt throws, saying how many bytes the call had {@code transferred}. */
    private static void await(Condition c, int transferred) throws IOException {
        try {
            c.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            java.io.InterruptedIOException interrupted = new java.io.InterruptedIOException("interrupted while blocked");
            interrupted.bytesTransferred = transferred;
            throw interrupted;
        }
    }
}
