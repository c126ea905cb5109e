package io.throng.net.epoll;

import io.throng.net.ByteStream;
import io.throng.net.engine.Transport;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One accepted TCP socket: non-blocking, registered once (edge-triggered) with one of the {@link Pollers}'
 * epoll sets, and seen by virtual threads as blocking byte I/O. It is both the engine's {@link Transport}
 * (no wrapper between a connection and its socket) and, once detached, its {@link ByteStream}.
 *
 * <p>Readiness is flags that the poller sets on each edge and a thread clears <em>before</em> each
 * attempt, so an edge that comes during or after an attempt is never lost. A read that returned fewer
 * bytes than asked drained the socket at that moment, so the next read waits for an edge instead of
 * asking the kernel for an EAGAIN. A hang-up is sticky, so the end of stream behind a short read is
 * still read.
 *
 * <p>One thread may read while another writes (each direction has its own waiter). A socket with no
 * thread at all can ask for a callback at its next readable edge ({@link #whenReadable}), which is how a
 * cold connection costs nothing while it waits.
 *
 * <p>Closing: the descriptor number is freed by close(2) only when no thread is inside a system call
 * on it, so a close from another thread can never make a late call land on a reused number. Threads
 * parked in a wait are woken and see the socket closed.
 */
public final class EpollSocket implements Transport, ByteStream {
    private static final int CLOSED = 1 << 30;
    /**
     * Gathering writes copy small buffers into one heap block of at most this many bytes, sized to what is
     * written, so that one call sends them all. Not a pool of direct buffers: a writer that waits for a slow
     * peer holds its block, and thousands of them waiting (a broadcast backed up) would pin a full-size
     * direct block each, native memory freed only when a GC finds it; the downcall takes heap memory.
     */
    private static final int GATHER_MAX = 64 * 1024;
    /** A buffer this large is written from where it is rather than copied. */
    private static final int GATHER_MIN_DIRECT = 16 * 1024;

    final int fd;
    private final Pollers pollers;
    private final InetSocketAddress remote;
    /** errno capture: one per direction (one thread at a time each) and one for the rare calls of any thread. */
    private final MemorySegment readErrno, writeErrno, otherErrno;

    volatile boolean readable, writable, hangup;
    private volatile Thread readWaiter, writeWaiter;
    /** The last read returned fewer bytes than asked: nothing more was there. Starts true: an edge will come. */
    private volatile boolean drained = true;
    private final AtomicReference<Runnable> onReadable = new AtomicReference<>();
    /** Threads inside a system call on {@link #fd}, plus {@link #CLOSED} once closing has begun. */
    private final AtomicInteger uses = new AtomicInteger();

    EpollSocket(Pollers pollers, int fd, InetSocketAddress remote) {
        this.pollers = pollers;
        this.fd = fd;
        this.remote = remote;
        MemorySegment errno = Arena.ofAuto().allocate(Libc.CAPTURE_BYTES * 3, 8);
        this.readErrno = errno.asSlice(0, Libc.CAPTURE_BYTES);
        this.writeErrno = errno.asSlice(Libc.CAPTURE_BYTES, Libc.CAPTURE_BYTES);
        this.otherErrno = errno.asSlice(Libc.CAPTURE_BYTES * 2, Libc.CAPTURE_BYTES);
    }

    /** The peer's address, as accept returned it. */
    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /**
     * Reads at least one byte into {@code dst}, waiting for some if needed.
     *
     * @return bytes read, -1 at end of stream, 0 only if {@code dst} has no room
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        for (;;) {
            if (!mayRead()) {
                awaitReadable();
            }
            int n = readOnce(dst);
            if (n != 0) {
                return n;
            }
        }
    }

    /**
     * Reads what is already there without waiting: bytes read, 0 if nothing is (known to be) waiting, -1 at
     * end of stream. Asks the kernel only when an edge or a full last read says there may be bytes.
     */
    @Override
    public int readNow(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining() || !mayRead()) {
            return 0;
        }
        return readOnce(dst);
    }

    /** True when a read might find bytes or the end of stream: an edge came, or the last read was full. */
    private boolean mayRead() {
        return !drained || readable || hangup;
    }

    /** One read(2): bytes read, 0 if it would block, -1 at end of stream. */
    private int readOnce(ByteBuffer dst) throws IOException {
        int len = dst.remaining();
        readable = false; // before the call: an edge during it sets the flag again
        long n = transfer(true, dst, len);
        if (n > 0) {
            drained = n < len;
            dst.position(dst.position() + (int) n);
            return (int) n;
        }
        if (n == 0) {
            return -1;
        }
        int err = Libc.errno(readErrno);
        if (err == Libc.EAGAIN) {
            drained = true;
            return 0;
        }
        if (err == Libc.EINTR) {
            return 0;
        }
        throw new IOException("read failed: " + Libc.describe(err));
    }

    /** Parks until a read may find bytes or the end of stream; throws if the socket is closed meanwhile. */
    private void awaitReadable() throws IOException {
        readWaiter = Thread.currentThread();
        try {
            // Dekker with the poller: publish the waiter, then read the flags; it sets a flag, then reads the waiter.
            while (!mayRead() && uses.get() < CLOSED) {
                LockSupport.park(this);
            }
        } finally {
            readWaiter = null;
        }
        if (uses.get() >= CLOSED) {
            throw new AsynchronousCloseException();
        }
    }

    /**
     * Asks for {@code callback} to run once, on the poller, at the next edge that may make the socket
     * readable, or on the closing thread if the socket is closed first; the caller then lets go of the
     * socket. Returns false, with no callback registered, if the socket may be readable already: the caller
     * keeps it and reads.
     *
     * @throws ClosedChannelException if the socket is closed (nothing is registered then)
     */
    @Override
    public boolean whenReadable(Runnable callback) throws ClosedChannelException {
        onReadable.set(callback);
        // Dekker again: the callback is published before the flags are read; the poller sets a flag first.
        if (mayRead() && onReadable.compareAndSet(callback, null)) {
            return false;
        }
        // And with close: it sets CLOSED before it takes the callback. One of the two sees the other.
        if (uses.get() >= CLOSED && onReadable.compareAndSet(callback, null)) {
            throw new ClosedChannelException();
        }
        return true;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        writeFully(src);
        return n;
    }

    /**
     * Writes every remaining byte of {@code srcs[offset, offset+length)}. Small buffers (a WebSocket batch
     * of frames, a response head and its body) are copied into one block and written with one call, as
     * writev would; a buffer of {@link #GATHER_MIN_DIRECT} bytes or more is written from where it is.
     */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            total += srcs[i].remaining();
        }
        int i = offset;
        for (;;) {
            while (i < end && !srcs[i].hasRemaining()) {
                i++;
            }
            if (i == end) {
                return total;
            }
            int next = i + 1;
            while (next < end && !srcs[next].hasRemaining()) {
                next++;
            }
            if (next == end || srcs[i].remaining() >= GATHER_MIN_DIRECT) {
                writeFully(srcs[i]);
                continue;
            }
            long left = 0;
            for (int j = i; j < end && left < GATHER_MAX; j++) {
                left += srcs[j].remaining();
            }
            ByteBuffer block = ByteBuffer.allocate((int) Math.min(left, GATHER_MAX));
            for (int j = i; j < end && block.hasRemaining(); j++) {
                ByteBuffer b = srcs[j];
                int n = Math.min(b.remaining(), block.remaining());
                block.put(block.position(), b, b.position(), n);
                block.position(block.position() + n);
                b.position(b.position() + n);
            }
            writeFully(block.flip());
        }
    }

    /** One write(2) that does not wait: what the send buffer took (maybe 0). */
    @Override
    public int writeNow(ByteBuffer src) throws IOException {
        long n = transfer(false, src, src.remaining());
        if (n < 0) {
            int err = Libc.errno(writeErrno);
            if (err == Libc.EAGAIN || err == Libc.EINTR) {
                return 0;
            }
            throw new IOException("write failed: " + Libc.describe(err));
        }
        src.position(src.position() + (int) n);
        return (int) n;
    }

    private void writeFully(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int len = src.remaining();
            writable = false;
            long n = transfer(false, src, len);
            if (n > 0) {
                src.position(src.position() + (int) n);
                continue;
            }
            int err = Libc.errno(writeErrno);
            if (err == Libc.EAGAIN) {
                awaitWritable();
            } else if (err != Libc.EINTR) {
                throw new IOException("write failed: " + Libc.describe(err));
            }
        }
    }

    private void awaitWritable() throws IOException {
        writeWaiter = Thread.currentThread();
        try {
            while (!writable && uses.get() < CLOSED) {
                LockSupport.park(this);
            }
        } finally {
            writeWaiter = null;
        }
        if (uses.get() >= CLOSED) {
            throw new AsynchronousCloseException();
        }
    }

    /** Ends reading: a blocked or later read sees the end of stream; writing still works. Any thread. */
    @Override
    public void shutdownInput() {
        shutdown(Libc.SHUT_RD);
    }

    @Override
    public void shutdownOutput() {
        shutdown(Libc.SHUT_WR);
    }

    private void shutdown(int how) {
        if (tryAcquire()) {
            try {
                Libc.shutdown(otherErrno, fd, how);
            } finally {
                release();
            }
        }
    }

    /** The socket itself: it already is a stream that two threads may use at once. */
    @Override
    public ByteStream detach() {
        return this;
    }

    @Override
    public boolean isOpen() {
        return uses.get() < CLOSED;
    }

    /** Closes the socket; idempotent, any thread. Waiting threads wake and see it closed. */
    @Override
    public void close() {
        int u;
        do {
            u = uses.get();
            if (u >= CLOSED) {
                return;
            }
        } while (!uses.compareAndSet(u, u | CLOSED));
        // A socket with no thread learns of its close through its callback (a detached reader that went
        // cold has to end); a cold Connection's callback sees its state CLOSED and does nothing.
        Runnable callback = onReadable.getAndSet(null);
        if (callback != null) {
            callback.run();
        }
        LockSupport.unpark(readWaiter);
        LockSupport.unpark(writeWaiter);
        if (u == 0) {
            closeNow();
        } // else a thread is inside a (non-blocking, so short) call on the socket: the last one out closes it
    }

    /** Called by the poller for each edge on this socket. */
    void ready(int events) {
        if ((events & (Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0) {
            hangup = true; // before readable: a thread that misses the flag still sees the hang-up
        }
        if ((events & (Libc.EPOLLIN | Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0) {
            readable = true;
        }
        if ((events & (Libc.EPOLLOUT | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0) {
            writable = true;
            Thread w = writeWaiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
        if (readable || hangup) {
            Thread r = readWaiter;
            if (r != null) {
                LockSupport.unpark(r);
            } else if (onReadable.get() != null) {
                Runnable callback = onReadable.getAndSet(null);
                if (callback != null) {
                    callback.run();
                }
            }
        }
    }

    /** One read(2) or write(2) of {@code len} bytes at {@code buf}'s position, holding a use of the descriptor. */
    private long transfer(boolean read, ByteBuffer buf, int len) throws ClosedChannelException {
        acquire();
        try {
            MemorySegment at = MemorySegment.ofBuffer(buf);
            return read ? Libc.read(readErrno, fd, at, len) : Libc.write(writeErrno, fd, at, len);
        } finally {
            release();
        }
    }

    private void acquire() throws ClosedChannelException {
        if (!tryAcquire()) {
            throw new ClosedChannelException();
        }
    }

    private boolean tryAcquire() {
        for (;;) {
            int u = uses.get();
            if (u >= CLOSED) {
                return false;
            }
            if (uses.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    private void release() {
        if (uses.decrementAndGet() == CLOSED) {
            closeNow();
        }
    }

    /** Runs once, when closing has begun and no call is in flight. */
    private void closeNow() {
        pollers.forget(this); // before close(2): once the number is free, accept may hand it out again
        Libc.close(otherErrno, fd);
    }
}
