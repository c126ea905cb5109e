package io.throng.net.codec;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stream whose reading thread's writes wait until that thread next reads: Netty's "flush when the read
 * completes" for thread-per-connection code. A request/response protocol that answers each frame with
 * {@link FrameWriter#write} makes one system call per answer; with pipelined requests (16 lines in one
 * segment) that is sixteen writes where one would do. Wrapped in this, the answers to everything that arrived
 * together leave in one write, when the reader runs out of input and asks the peer for more.
 *
 * <p>Invariants:
 * <ul>
 *   <li><b>Nothing waits while its thread waits.</b> Every read first writes out what is buffered, so a
 *       peer never waits for an answer that sits here while this side waits for the peer.</li>
 *   <li><b>Only the reading thread's writes wait.</b> A write from any other thread (a broadcast, a timer)
 *       writes out what is buffered and then itself at once, since the reader may be blocked for a long
 *       time; bytes leave in the order they were written.</li>
 *   <li><b>Bounded.</b> At most {@value #LIMIT} bytes wait; a write that would pass that writes out what is
 *       buffered first, and a larger one goes straight through. The buffer exists only while bytes wait
 *       (an idle connection holds none); each is made the size the previous batch reached (rounded up to
 *       a power of two), so a conversation of like batches allocates about what it uses, not a fixed 4 KiB.</li>
 *   <li>{@link #shutdownOutput()} and {@link #close()} write out what waits first.</li>
 * </ul>
 */
public final class FlushOnRead implements ByteStream {
    /** Bytes that may wait for the reader's next read. */
    static final int LIMIT = 64 * 1024;
    /** The first batch's buffer: a batch of short answers fits. */
    private static final int INITIAL = 4 * 1024;
    /** No batch buffer is made smaller than this, however small the last batch was. */
    private static final int SMALLEST = 256;

    private final ByteStream stream;
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: a blocked write must not pin a carrier
    private ByteBuffer pending; // null while nothing waits
    private int nextSize = INITIAL; // the size the last batch reached, for the next one's buffer
    private volatile Thread reader;

    public FlushOnRead(ByteStream stream) {
        this.stream = stream;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        reader = Thread.currentThread();
        flush();
        return stream.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += srcs[i].remaining();
        }
        lock.lock();
        try {
            boolean mayWait = Thread.currentThread() == reader && total < LIMIT;
            if (pending != null && (!mayWait || pending.position() + total > LIMIT)) {
                writeOut();
            }
            if (!mayWait) {
                return writeFully(srcs, offset, length, total);
            }
            makeRoom((int) total);
            for (int i = offset; i < offset + length; i++) {
                pending.put(srcs[i]);
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    /** Writes out whatever waits. */
    public void flush() throws IOException {
        lock.lock();
        try {
            if (pending != null) {
                writeOut();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        flush();
        stream.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return stream.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            if (stream.isOpen()) {
                flush();
            }
        } finally {
            stream.close();
        }
    }

    /** A buffer with room for {@code n} more bytes: small at first, doubled as answers pile up, within LIMIT. */
    private void makeRoom(int n) {
        if (pending == null) {
            pending = ByteBuffer.allocate(Math.max(nextSize, n));
        } else if (pending.remaining() < n) {
            int size = Math.min(LIMIT, Math.max(2 * pending.capacity(), pending.position() + n));
            pending = ByteBuffer.allocate(size).put(pending.flip());
        }
    }

    private void writeOut() throws IOException {
        ByteBuffer out = pending.flip();
        pending = null; // dropped even if the write fails: the stream is broken then
        // The power of two at or above: a batch a little larger than the last still fits without a copy.
        nextSize = Math.min(LIMIT, Math.max(SMALLEST, Integer.highestOneBit(Math.max(1, out.limit() - 1)) << 1));
        while (out.hasRemaining()) {
            stream.write(out);
        }
    }

    private long writeFully(ByteBuffer[] srcs, int offset, int length, long total) throws IOException {
        long left = total;
        while (left > 0) {
            left -= stream.write(srcs, offset, length);
        }
        return total;
    }
}
