package io.throng.net;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * One accepted TCP connection, seen by a {@link Protocol} as blocking byte I/O.
 *
 * <p>The channel is always in non-blocking mode. A read or write that cannot progress parks the calling
 * virtual thread and asks the connection's {@link Poller} to unpark it when the socket is ready, so an
 * I/O wait costs no carrier thread and no buffer. Between bursts of work the connection is <em>idle</em>:
 * no thread exists for it, only this object, its channel and its selection key.
 *
 * <p>States: {@code IDLE} (registered for reads, no thread), {@code ACTIVE} (exactly one virtual
 * thread runs the protocol), {@code CLOSED} (final). Only the poller moves IDLE to ACTIVE; only the
 * active thread moves ACTIVE to IDLE; anyone may close.
 *
 * <p>Deadlines: {@link #deadline(Duration)} arms one absolute deadline that the server's single
 * {@link Deadlines} sweeper enforces. Once it passes, the pending or next I/O wait fails with a
 * {@link SocketTimeoutException}; an idle connection whose deadline passes is closed.
 */
public final class Connection {
    static final int IDLE = 0, ACTIVE = 1, CLOSED = 2;

    private final SocketChannel channel;
    private final Poller poller;
    private final TcpServer server;
    SelectionKey key;

    volatile int state;
    private volatile Thread waiter;
    private volatile boolean ready;
    private volatile long deadline;
    private volatile boolean timedOut;
    volatile Thread worker;
    /** True once the protocol has run at least once: a connection that never did may be mid-request. */
    volatile boolean served;
    private Object attachment;

    Connection(SocketChannel channel, Poller poller, TcpServer server) {
        this.channel = channel;
        this.poller = poller;
        this.server = server;
    }

    /**
     * Reads at least one byte into {@code dst}, waiting for it if needed.
     *
     * @return bytes read, -1 at end of stream, 0 only if {@code dst} has no room
     */
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        while (true) {
            int n = channel.read(dst);
            if (n != 0) {
                return n;
            }
            await(SelectionKey.OP_READ);
        }
    }

    /** Reads what is already available without waiting: bytes read, 0 if none, -1 at end of stream. */
    public int readNow(ByteBuffer dst) throws IOException {
        return dst.hasRemaining() ? channel.read(dst) : 0;
    }

    /** Writes every remaining byte of {@code srcs} (one gathering write when the socket keeps up). */
    public void write(ByteBuffer... srcs) throws IOException {
        int last = srcs.length - 1;
        while (last >= 0 && !srcs[last].hasRemaining()) {
            last--;
        }
        if (last < 0) {
            return;
        }
        ByteBuffer tail = srcs[last];
        while (true) {
            channel.write(srcs, 0, last + 1);
            if (!tail.hasRemaining()) {
                return;
            }
            await(SelectionKey.OP_WRITE);
        }
    }

    /** Writes every remaining byte of {@code src}. */
    public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (channel.write(src) == 0) {
                await(SelectionKey.OP_WRITE);
            }
        }
    }

    /** Arms the connection's single deadline {@code timeout} from now; replaces any earlier one. */
    public void deadline(Duration timeout) {
        timedOut = false;
        deadline = System.nanoTime() + Math.max(1, timeout.toNanos());
    }

    /** Disarms the deadline. */
    public void clearDeadline() {
        deadline = 0;
        timedOut = false;
    }

    /** True once the deadline has passed (until it is re-armed or cleared). */
    public boolean timedOut() {
        return timedOut;
    }

    /** True when the server is shutting down: finish the current exchange and close. */
    public boolean draining() {
        return server.draining();
    }

    /** The peer's address, or null if the channel is closed. */
    public SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Protocol state that outlives one burst of work (for example a WebSocket session). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        attachment = value;
    }

    public boolean isOpen() {
        return state != CLOSED;
    }

    /**
     * Takes the socket out of the poller and hands it to the caller in blocking mode, for a protocol
     * that runs its own threads on it after an upgrade (a WebSocket reads and writes concurrently,
     * which this class's single waiter does not allow). Only the active thread may call it; the
     * deadline is cleared. The connection stays counted until {@link #close()}, which still closes the
     * socket: keep the calling thread until the protocol is done with it.
     */
    public SocketChannel detach() throws IOException {
        if (state != ACTIVE) {
            throw new ClosedChannelException();
        }
        clearDeadline();
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
            // A cancelled key leaves the selector at its next select; blocking mode needs it gone.
            long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (channel.isRegistered()) {
                if (System.nanoTime() - giveUp > 0) {
                    throw new IOException("the poller did not release the connection");
                }
                poller.wakeup();
                Thread.yield();
            }
        }
        channel.configureBlocking(true);
        return channel;
    }

    /** Closes the connection; idempotent and safe from any thread. */
    public void close() {
        int s;
        do {
            s = state;
            if (s == CLOSED) {
                return;
            }
        } while (!STATE.compareAndSet(this, s, CLOSED));
        release();
    }

    /** Closes only if idle, so that a connection the poller has just woken is left to its thread. */
    boolean closeIfIdle() {
        if (STATE.compareAndSet(this, IDLE, CLOSED)) {
            release();
            return true;
        }
        return false;
    }

    private void release() {
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is best effort: the descriptor is gone either way.
        }
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        poller.wakeup(); // lets the selector deregister the key and free the descriptor now
        server.closed(this);
    }

    /** Called by the active thread when the protocol is done for now: wait for bytes with no thread. */
    void parkIdle(Duration idleTimeout) {
        deadline(idleTimeout);
        worker = null;
        state = IDLE;
        if (server.draining()) {
            closeIfIdle();
            return;
        }
        try {
            poller.interest(this, SelectionKey.OP_READ);
        } catch (CancelledKeyException e) {
            close();
        }
    }

    /** Activates an idle connection; only the poller calls this. */
    boolean activate() {
        return STATE.compareAndSet(this, IDLE, ACTIVE);
    }

    /** The poller saw readiness for a thread waiting in {@link #await}. */
    void signalReady() {
        ready = true;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Called by the sweeper when the deadline is due. */
    void expire(long now) {
        long d = deadline;
        if (d == 0 || now - d < 0) {
            return;
        }
        if (state == IDLE) {
            if (closeIfIdle()) {
                return;
            }
        }
        deadline = 0;
        timedOut = true;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    long deadlineNanos() {
        return deadline;
    }

    private void await(int op) throws IOException {
        if (timedOut) {
            throw new SocketTimeoutException("deadline passed");
        }
        ready = false;
        waiter = Thread.currentThread();
        try {
            poller.interest(this, op);
            while (!ready) {
                if (state == CLOSED) {
                    throw new ClosedChannelException();
                }
                if (timedOut) {
                    throw new SocketTimeoutException("deadline passed");
                }
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedIOException("interrupted while waiting for the socket");
                }
            }
        } catch (CancelledKeyException e) {
            throw new ClosedChannelException();
        } finally {
            waiter = null;
        }
    }

    private static final java.lang.invoke.VarHandle STATE;

    static {
        try {
            STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Connection.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
