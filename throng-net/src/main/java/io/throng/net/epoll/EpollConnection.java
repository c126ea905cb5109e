package io.throng.net.epoll;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;

/**
 * One accepted socket, non-blocking and registered once (edge-triggered) with the engine's epoll set,
 * seen by its virtual thread as blocking byte I/O on heap arrays.
 *
 * <p>Readiness is two flags the poller sets on each edge and the thread clears <em>before</em> each
 * attempt: an edge that comes after the clear sets the flag again, so it is never lost. A read that
 * returned fewer bytes than asked drained the socket at that moment, so the next read parks at once
 * unless an edge came meanwhile: no read that only says EAGAIN. A hang-up is sticky, so the end of
 * stream behind a short read is still read.
 *
 * <p>The connection's own thread makes it, reads, writes and closes it (its errno segment is
 * confined to that thread); other threads only {@link #abort} it.
 */
public final class EpollConnection {
    private final EpollEngine engine;
    final int fd;
    private final MemorySegment errno;
    private final Arena arena;

    volatile boolean readable, writable, hangup;
    private volatile Thread waiter;
    private volatile boolean closed;
    private boolean released;
    /** The last read was short: the socket held nothing more when it returned. */
    private boolean drained;

    EpollConnection(EpollEngine engine, int fd) {
        this.engine = engine;
        this.fd = fd;
        this.arena = Arena.ofConfined();
        this.errno = Libc.errnoSegment(arena);
    }

    /**
     * Reads at least one byte into {@code dst[off, off+len)}, parking until some arrive.
     *
     * @return bytes read, or -1 at end of stream
     */
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        MemorySegment buf = MemorySegment.ofArray(dst).asSlice(off, len);
        if (drained && !hangup) {
            awaitReadable();
        }
        for (;;) {
            readable = false;
            long n = Libc.read(errno, fd, buf, len);
            if (n > 0) {
                drained = n < len;
                return (int) n;
            }
            if (n == 0) {
                return -1;
            }
            int err = Libc.errno(errno);
            if (err == Libc.EAGAIN) {
                awaitReadable();
            } else if (err != Libc.EINTR) {
                throw new IOException(closed ? "connection closed" : "read failed: errno " + err);
            }
        }
    }

    /** Writes every byte of {@code src[off, off+len)}, parking while the socket's send buffer is full. */
    public void write(byte[] src, int off, int len) throws IOException {
        MemorySegment all = MemorySegment.ofArray(src);
        while (len > 0) {
            writable = false;
            long n = Libc.write(errno, fd, all.asSlice(off, len), len);
            if (n > 0) {
                off += (int) n;
                len -= (int) n;
                continue;
            }
            int err = Libc.errno(errno);
            if (err == Libc.EAGAIN) {
                awaitWritable();
            } else if (err != Libc.EINTR) {
                throw new IOException(closed ? "connection closed" : "write failed: errno " + err);
            }
        }
    }

    /** Closes the socket and frees the connection's memory; idempotent; only its own thread. */
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        closed = true;
        engine.forget(this); // before close(2): once the fd number is free, accept may reuse it
        Libc.close(errno, fd);
        arena.close();
    }

    /**
     * Ends the connection from another thread: shuts the socket down so that its thread's next read
     * sees the end of stream, and wakes that thread if it is parked. The thread then closes it.
     */
    synchronized void abort(MemorySegment callerErrno) { // synchronized: the fd is ours until close() returns
        if (closed) {
            return;
        }
        closed = true;
        Libc.shutdown(callerErrno, fd, Libc.SHUT_RDWR);
        LockSupport.unpark(waiter);
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Called by the poller for each edge it sees on this socket. */
    void ready(int events) {
        if ((events & (Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0) {
            hangup = true; // before readable: a thread that misses the flag still sees the hang-up
        }
        if ((events & (Libc.EPOLLIN | Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0) {
            readable = true;
        }
        if ((events & (Libc.EPOLLOUT | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0) {
            writable = true;
        }
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void awaitReadable() throws IOException {
        waiter = Thread.currentThread();
        try {
            // Dekker with the poller: we publish waiter then read the flag; it sets the flag then reads waiter.
            while (!readable && !closed) {
                LockSupport.park(this);
            }
        } finally {
            waiter = null;
        }
        if (closed) {
            throw new EOFException("connection closed");
        }
    }

    private void awaitWritable() throws IOException {
        waiter = Thread.currentThread();
        try {
            while (!writable && !closed) {
                LockSupport.park(this);
            }
        } finally {
            waiter = null;
        }
        if (closed) {
            throw new EOFException("connection closed");
        }
    }

}
