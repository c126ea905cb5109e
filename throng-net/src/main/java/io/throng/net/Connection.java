package io.throng.net;

import io.throng.net.engine.TlsTransport;
import io.throng.net.engine.Transport;
import io.throng.net.tls.TlsInfo;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * One accepted TCP connection, seen by a {@link Protocol} as blocking byte I/O.
 *
 * <p>The connection owns the life every engine shares (state, deadline, idle policy) and delegates its
 * I/O to the engine's {@link Transport}, one interface call per operation. A connection is <em>hot</em>
 * while a virtual thread owns it and the transport parks that thread in reads and writes. When the
 * protocol has nothing left to do, the thread stays parked in a read of a small stash if the server has
 * an idle-thread slot free (NIO engine only), so the next request is served by the same thread at once.
 * Otherwise the connection goes <em>cold</em>: it holds no thread and no buffer, and the transport's
 * poller wakes it when bytes arrive ({@link Transport#whenReadable}).
 *
 * <p>States: {@code IDLE} (waiting in its thread, or cold), {@code ACTIVE} (a thread runs the protocol),
 * {@code CLOSED} (final). IDLE to ACTIVE is a compare-and-set by whoever saw the bytes (the waiting
 * thread or the poller); only the active thread moves ACTIVE to IDLE; anyone may close.
 *
 * <p>On the {@link Engine#EPOLL epoll engine} an idle connection is always cold: going cold and waking
 * cost no system call there, so no idle thread is kept and no stash is needed.
 *
 * <p>Deadlines: {@link #deadline(Duration)} arms one absolute deadline that the server's single
 * {@link Deadlines} sweeper enforces. An idle connection past its deadline is closed. An active one
 * is marked timed out: a read it is blocked in ends (the sweeper shuts the input down, so the
 * protocol can still write, say, a 408), a write it is blocked in fails with the connection closed,
 * and any later read or write fails with {@link SocketTimeoutException} until a new deadline is armed; a
 * connection whose input the sweeper shut down fails every later read so, whatever deadline follows (its
 * last read may have got bytes at that very moment, and the next one must not report an end the client
 * never sent). The sweeper takes a due deadline with a compare-and-set, so a thread that cleared or
 * re-armed it first (its request answered in time) is never ended for it; a thread that changes the
 * deadline while the sweeper acts waits until it is done (a few spins, then parked until the sweeper wakes it).
 *
 * <p>TLS: on a server with {@link ServerOptions#withTls TLS} the transport is a TLS decorator of the
 * engine's, so the protocol reads and writes plaintext and {@link #tls()} says what the handshake agreed.
 * A plain connection holds no TLS object and its reads and writes go straight to the engine's transport.
 */
public final class Connection {
    static final int IDLE = 0, ACTIVE = 1, CLOSED = 2;
    private static final int READING = 1, WRITING = 2;
    /** Enough for a typical request head, so most idle waits end with the whole request read. */
    private static final int STASH_BYTES = 512;

    private final Transport transport;
    private final TcpServer server;
    /** The transport again when it is TLS, else null: used at the handshake and by {@link #tls()} only. */
    private final TlsTransport tls;
    /** What a cold connection's poller runs when bytes arrive; one instance, so going cold allocates nothing. */
    private final Runnable wake = this::wakeCold;
    /** What a woken connection's new thread runs; one instance, so waking allocates only the thread. */
    final Runnable serveTask;

    volatile int state;
    /** What the active thread is blocked in, so that the sweeper knows how to end it. */
    private volatile int io;
    private volatile long deadline;
    /** True while the sweeper expires this connection; a thread that changes the deadline meanwhile waits it out. */
    private volatile boolean expiring;
    /**
     * The thread parked in {@link #awaitExpiry} until {@link #expiring} clears, or null: the sweeper unparks it.
     * One slot: the worker and the poller (its wake-up clears the deadline) are the only setters, and a second
     * one at once backs off with timed parks instead.
     */
    private volatile Thread expiryWaiter;
    /** TLS: when the handshake under way must be done (nanoTime), kept across its idle waits; else 0. */
    private long handshakeDeadline;
    private volatile boolean timedOut;
    /**
     * Set by the sweeper when it shuts the input down for a due deadline, and never cleared: the shutdown
     * outlives {@link #timedOut}, which a new deadline resets, so every later read still fails as timed out
     * (a read that got its bytes just as the input was shut would otherwise leave the next one to see a
     * plain end of stream, as if the client had ended the request).
     */
    private volatile boolean inputShut;
    volatile Thread worker;
    /** True once the protocol has run at least once: a connection that never did may be mid-request. */
    volatile boolean served;
    /** Set by {@link #handOff()}: the protocol's new owner closes the connection, not the server. */
    volatile boolean handedOff;
    /** Bytes the idle wait received, handed out by the next read; only the active thread uses it. */
    private ByteBuffer stash;
    private Object attachment;
    private final long openedAt = System.nanoTime();
    /** Bytes through read and write, for metrics and JFR at close; only the active thread adds. */
    private long bytesIn, bytesOut;
    /**
     * Tests only (null in production): run by {@link #expire} after it read a due deadline and before it acts,
     * so that a test can park the sweeper there and drive a worker through the race.
     */
    Runnable dueHook;
    /** Tests only (null in production): run by {@link #expire} once it has taken the deadline and read {@code io}. */
    Runnable actHook;

    Connection(Transport transport, TcpServer server) {
        this.transport = transport;
        this.server = server;
        this.tls = transport instanceof TlsTransport t ? t : null;
        this.serveTask = () -> server.serve(this);
        if (tls != null) {
            tls.boundFinalRecords(lower -> armFinalRecords(server.finalRecordsTimeout()));
        }
        server.events.accepted(this);
    }

    /**
     * TLS: the last records (the alert after a failure, close_notify) go out under this connection's deadline,
     * at most {@code timeout} from now, and as a write, so that the sweeper closes the socket past it: a
     * failure found by a read would otherwise block that thread for good on a peer that reads nothing.
     * Only the thread that hit the failure or closes calls it; the returned action puts back what it changed.
     */
    private Runnable armFinalRecords(Duration timeout) {
        long previousDeadline = deadline;
        int previousIo = io;
        long bound = System.nanoTime() + Math.max(1, timeout.toNanos());
        setDeadline(previousDeadline != 0 && previousDeadline - bound < 0 ? previousDeadline : bound);
        io = WRITING;
        return () -> {
            io = previousIo;
            if (!timedOut) {
                setDeadline(previousDeadline);
            }
        };
    }

    /** What the TLS handshake agreed, or null if the connection is plain TCP (or its handshake is not done). */
    public TlsInfo tls() {
        return tls != null ? tls.info() : null;
    }

    /** True for a TLS connection whose handshake is not done. */
    boolean handshakePending() {
        return tls != null && tls.info() == null;
    }

    /**
     * TLS: the serving thread ends the connection cleanly, with close_notify and FIN, within {@code timeout}
     * (a peer that reads nothing is closed by the sweeper). The caller closes the connection next.
     */
    void closeNotify(Duration timeout) {
        deadline(timeout);
        try {
            begin(WRITING);
            transport.shutdownOutput();
        } catch (IOException e) {
            // The peer is gone or the time is up: closing is all that is left.
        } finally {
            io = 0;
        }
    }

    /** TLS: plaintext or a whole record is buffered, so a read would not wait. */
    boolean tlsHoldsReadable() {
        return tls.holdsReadable();
    }

    /**
     * Runs the TLS handshake as far as the bytes received allow, under one deadline {@code timeout} from its
     * first step: true once done; false while it waits for the client's next flight, when the connection
     * may go idle (cold) and keeps that deadline. The sweeper closes a handshake that overstays, whether it
     * is blocked writing or cold.
     */
    boolean handshake(Duration timeout) throws IOException {
        if (handshakeDeadline == 0) {
            handshakeDeadline = System.nanoTime() + Math.max(1, timeout.toNanos());
        }
        arm(handshakeDeadline);
        begin(WRITING); // what the sweeper ends by closing: a handshake has no answer to write afterwards
        boolean done;
        try {
            done = tls.handshake();
        } catch (IOException e) {
            if (timedOut) {
                SocketTimeoutException t = new SocketTimeoutException("TLS handshake not done within " + timeout);
                t.initCause(e);
                throw t;
            }
            throw e;
        } finally {
            io = 0;
        }
        if (done) {
            handshakeDeadline = 0;
            clearDeadline();
        }
        return done;
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
        int n = unstash(dst);
        if (n > 0) {
            bytesIn += n;
            return n;
        }
        begin(READING);
        try {
            n = transport.read(dst);
        } catch (java.nio.channels.AsynchronousCloseException e) {
            throw timedOut ? new SocketTimeoutException("deadline passed") : e;
        } finally {
            io = 0;
        }
        if (n < 0 && (timedOut || inputShut)) {
            throw new SocketTimeoutException("deadline passed");
        }
        if (n > 0) {
            bytesIn += n;
        }
        return n;
    }

    /**
     * Reads bytes already received without waiting: bytes read, 0 if none is known to be waiting, -1 at
     * the end of stream. On the NIO engine a hot connection cannot ask the socket without blocking, so
     * this returns only what the idle wait or the wake-up took in; the protocol then lets the connection
     * idle, and the next bytes wake it. On the epoll engine it reads when an edge (or a full last read)
     * says bytes may be there, and costs nothing otherwise.
     */
    public int readNow(ByteBuffer dst) throws IOException {
        int n = unstash(dst);
        if (n > 0) {
            bytesIn += n;
            return n;
        }
        begin(READING);
        try {
            n = transport.readNow(dst);
        } finally {
            io = 0;
        }
        if (n > 0) {
            bytesIn += n;
        }
        return n;
    }

    /** Writes every remaining byte of {@code srcs} in gathering writes. */
    public void write(ByteBuffer... srcs) throws IOException {
        int last = srcs.length - 1;
        while (last >= 0 && !srcs[last].hasRemaining()) {
            last--;
        }
        if (last < 0) {
            return;
        }
        for (int i = 0; i <= last; i++) {
            bytesOut += srcs[i].remaining(); // a write that fails ends the connection: its count is moot
        }
        begin(WRITING);
        try {
            transport.write(srcs, 0, last + 1);
        } catch (ClosedChannelException e) {
            throw timedOut ? new SocketTimeoutException("deadline passed") : e;
        } finally {
            io = 0;
        }
    }

    /** Writes every remaining byte of {@code src}. */
    public void write(ByteBuffer src) throws IOException {
        bytesOut += src.remaining();
        begin(WRITING);
        try {
            transport.write(src);
        } catch (ClosedChannelException e) {
            throw timedOut ? new SocketTimeoutException("deadline passed") : e;
        } finally {
            io = 0;
        }
    }

    /** Arms the connection's single deadline {@code timeout} from now; replaces any earlier one. */
    public void deadline(Duration timeout) {
        arm(System.nanoTime() + Math.max(1, timeout.toNanos()));
    }

    /** Disarms the deadline. */
    public void clearDeadline() {
        arm(0);
    }

    /** Sets the deadline ({@code 0}: none) and forgets an earlier timeout, which the new deadline replaces. */
    private void arm(long d) {
        setDeadline(d);
        timedOut = false; // after the wait: a sweeper that expired the old deadline has set it by now
    }

    /**
     * Stores the deadline, then waits out an expiry under way. With the sweeper's "expiring = true, then
     * compare-and-set the deadline it read" this is Dekker's pattern: either the sweeper's compare-and-set
     * sees this store and fails (it leaves the connection alone), or this thread sees {@code expiring} and
     * waits until the sweeper has acted on the {@code io} this thread had before: the caller starts no read
     * or write that a stale deadline could end. The wait is usually a few field accesses and at most a close,
     * so it spins first; but a sweeper descheduled mid-expiry would make a spinning setter (a worker's carrier,
     * or the poller through {@link #wakeCold}) burn the rest of its time slice, so past a few spins it parks.
     */
    private void setDeadline(long d) {
        deadline = d;
        if (expiring) {
            awaitExpiry();
        }
    }

    /**
     * Waits until the sweeper's expiry under way is done: spins {@link #EXPIRY_SPINS} times, then parks until
     * the sweeper unparks it. Free of lost wake-ups by the same Dekker pattern as above: this thread publishes
     * itself in {@link #expiryWaiter} and then reads {@code expiring}; the sweeper clears {@code expiring} and
     * then reads {@code expiryWaiter}; so either this thread sees the flag down or the sweeper sees this thread
     * (an unpark before the park leaves a permit, and the park returns at once).
     */
    private void awaitExpiry() {
        for (int i = 0; i < EXPIRY_SPINS; i++) {
            if (!expiring) {
                return;
            }
            Thread.onSpinWait();
        }
        Thread me = Thread.currentThread();
        boolean registered = WAITER.compareAndSet(this, null, me);
        boolean interrupted = false;
        long backoff = 1_000;
        while (expiring) {
            if (registered) {
                LockSupport.park(this);
            } else { // another setter holds the slot: nobody unparks this one, so bound each park
                LockSupport.parkNanos(this, backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            }
            // A pending interrupt would make every park return at once: keep it for the caller instead.
            interrupted |= Thread.interrupted();
        }
        if (registered) {
            expiryWaiter = null;
        }
        if (interrupted) {
            me.interrupt();
        }
    }

    /** True when the server is shutting down: finish the current exchange and close. */
    public boolean draining() {
        return server.draining();
    }

    /** The peer's address, or null if it is not known any more (NIO: the channel is closed). */
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    /** Protocol state that outlives one burst of work (for example a WebSocket session), or null. */
    public Object attachment() {
        return attachment;
    }

    /**
     * Keeps {@code value} with the connection until it closes, for the protocol's next {@link Protocol#serve}
     * (HTTP keeps its parser there). Only the thread serving the connection may call it; the next serving
     * thread sees it, because it is started only after this one has let the connection go.
     */
    public void attach(Object value) {
        attachment = value;
    }

    public boolean isOpen() {
        return state != CLOSED;
    }

    /**
     * Hands the socket, in blocking mode, to a protocol that runs its own threads on it after an upgrade
     * (a WebSocket reads and writes concurrently). Only the active thread may call it; the deadline is
     * cleared, so a protocol that reads on the stream bounds its waits itself (the codec's
     * {@code ReadTimeouts}). Bytes received but not yet read through the connection are read first from
     * the stream. The protocol owns whatever it has read past the upgrade request. The connection stays counted until {@link #close()}, which still
     * closes the socket: keep the calling thread until the protocol is done with it.
     */
    public ByteStream detach() throws IOException {
        if (state != ACTIVE) {
            throw new ClosedChannelException();
        }
        clearDeadline();
        ByteStream stream = transport.detach();
        ByteBuffer unread = stash; // NIO: what the idle wait took in, when the protocol detaches before reading
        stash = null;
        return unread == null ? stream : new StashedStream(unread, stream);
    }

    /**
     * Like {@link #detach()}, but the connection outlives the protocol's {@code serve}: when it returns, the
     * server neither closes the connection nor idles it, so the thread can go. The stream's new owner (a
     * WebSocket whose reader lets go of its thread while idle) ends it by closing the returned stream, which
     * closes this connection; until then the server counts it and its shutdown closes it.
     */
    public ByteStream handOff() throws IOException {
        ByteStream stream = detach();
        handedOff = true;
        return new HandedOff(this, stream);
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

    /**
     * Closes after a last response the peer may still be sending a request body against: sends our
     * FIN, then reads and discards what the peer still sends (at most {@code maxBytes}, for at most
     * {@code max}) before closing. Closing with unread bytes makes the kernel reset the connection,
     * and a reset can destroy the response before the peer has read it (nginx's "lingering close").
     * Only the active thread may call it.
     */
    public void closeLingering(Duration max, long maxBytes) {
        try {
            transport.shutdownOutput();
            deadline(max);
            ByteBuffer sink = ByteBuffer.allocate(8192);
            long discarded = 0;
            while (discarded < maxBytes) {
                int n = read(sink.clear());
                if (n < 0) {
                    break;
                }
                discarded += n;
            }
        } catch (IOException e) {
            // The peer is gone or the time is up: closing is all that is left.
        } finally {
            close();
        }
    }

    /** Closes only if idle, so that a connection whose bytes were just seen is left to its thread. */
    boolean closeIfIdle() {
        if (STATE.compareAndSet(this, IDLE, CLOSED)) {
            release();
            return true;
        }
        return false;
    }

    private void release() {
        server.events.closed(this, System.nanoTime() - openedAt, bytesIn, bytesOut);
        transport.close(); // also ends a read or write blocked on it
        server.closed(this);
    }

    /**
     * Called by the active thread when the protocol is done for now. If the server has a thread slot
     * free (never on the epoll engine), this thread keeps the connection: it waits, with only a small
     * stash, for the next bytes or the close (the sweeper closes it at the idle deadline). Otherwise the
     * connection goes cold: the transport's poller owns it and no thread is kept.
     *
     * <p>The wait has no timeout on purpose: a timed socket read costs a timer and two mode switches
     * per request in the JDK, about a third of the whole per-request cost; bounding the number of
     * waiting threads bounds their memory instead.
     *
     * @param idle the idle deadline, counted from now, after which the connection is closed
     * @return true if bytes arrived and this thread should serve them; false if the connection went
     *     cold (the poller owns it) or closed
     */
    boolean idle(Duration idle) {
        // A TLS handshake waits for the client's next flight within its own time.
        arm(handshakeDeadline != 0 ? handshakeDeadline : System.nanoTime() + Math.max(1, idle.toNanos()));
        state = IDLE;
        if (served && server.draining()) { // a new connection may have a request in flight: wait for it
            closeIfIdle();
            return false;
        }
        if (!server.takeIdleThread()) {
            return goCold();
        }
        byte[] bytes = new byte[STASH_BYTES];
        int n;
        try {
            n = transport.read(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            n = -1; // closed by the sweeper or a shutdown, or reset by the peer
        } finally {
            server.returnIdleThread();
        }
        if (!STATE.compareAndSet(this, IDLE, ACTIVE)) {
            return false;
        }
        clearDeadline();
        if (n < 0) {
            close();
            return false;
        }
        stash = ByteBuffer.wrap(bytes, 0, n);
        return true;
    }

    /**
     * The thread lets go: the transport's poller runs {@link #wakeCold} at the next bytes, which starts a
     * fresh thread. True only if bytes came before the wake-up was in place: this thread keeps serving.
     */
    private boolean goCold() {
        worker = null;
        try {
            if (transport.whenReadable(wake)) {
                return false; // the poller owns the wake-up now
            }
        } catch (IOException | RuntimeException e) {
            close(); // closed meanwhile, or the poller is stopping
            return false;
        }
        if (!STATE.compareAndSet(this, IDLE, ACTIVE)) {
            return false;
        }
        worker = Thread.currentThread();
        clearDeadline();
        return true;
    }

    /**
     * A new connection of a protocol that speaks first: the accepting side makes it active without waiting
     * for bytes, and its caller serves it. False if it was closed meanwhile (a shutdown).
     */
    boolean activate() {
        return STATE.compareAndSet(this, IDLE, ACTIVE);
    }

    /**
     * Epoll engine: a new connection waits for its first bytes cold, as any idle one, so accepting starts
     * no thread; one starts at the first edge (at once if the bytes are already there).
     */
    void awaitFirstBytes(Duration firstBytes) {
        deadline(firstBytes);
        try {
            if (transport.whenReadable(wake)) {
                return;
            }
        } catch (IOException e) {
            close();
            return;
        }
        wakeCold();
    }

    /** Runs on the poller when a cold connection's bytes arrive: start a thread to serve it. */
    private void wakeCold() {
        if (STATE.compareAndSet(this, IDLE, ACTIVE)) {
            clearDeadline();
            server.serveWoken(this);
        }
    }

    /**
     * Called by the sweeper when the deadline may be due. It acts only if the due deadline it read is still
     * the connection's at its compare-and-set: a thread that cleared or replaced it first (a request answered
     * in time, the next wait armed, the connection idled) is left alone. See {@link #setDeadline}.
     */
    void expire(long now) {
        long d = deadline;
        if (d == 0 || now - d < 0) {
            return;
        }
        if (dueHook != null) {
            dueHook.run();
        }
        expiring = true;
        try {
            if (!DEADLINE.compareAndSet(this, d, 0L)) {
                return;
            }
            if (state == IDLE && closeIfIdle()) {
                return;
            }
            timedOut = true;
            int op = io;
            if (actHook != null) {
                actHook.run();
            }
            if (op == READING) {
                inputShut = true;
                try {
                    transport.shutdownInput(); // the blocked read sees the end of input and reports the timeout
                } catch (IOException e) {
                    close();
                }
            } else if (op == WRITING) {
                close(); // a peer that does not read can be sent nothing more
            }
        } finally {
            expiring = false;
            Thread waiter = expiryWaiter; // read after the store: see awaitExpiry
            if (waiter != null) {
                LockSupport.unpark(waiter); // at worst a stray permit for one that left already: parks loop
            }
        }
    }

    long deadlineNanos() {
        return deadline;
    }

    /** Publishes what the thread is about to block in, then checks the flag the sweeper sets first. */
    private void begin(int op) throws SocketTimeoutException {
        io = op;
        if (timedOut || op == READING && inputShut) {
            io = 0;
            throw new SocketTimeoutException("deadline passed");
        }
    }

    private int unstash(ByteBuffer dst) {
        ByteBuffer s = stash;
        if (s == null) {
            return 0;
        }
        int n = StashedStream.move(s, dst);
        if (!s.hasRemaining()) {
            stash = null;
        }
        return n;
    }

    /** Spins before an expiry wait parks: a few microseconds at most, longer than the usual expiry takes. */
    private static final int EXPIRY_SPINS = 100;
    /**
     * The longest park of a second setter, which nobody unparks (rare: the worker and the poller at once). A
     * wait this long means the sweeper was descheduled; a few milliseconds more cost less than waking often.
     */
    private static final long MAX_BACKOFF_NANOS = 4_000_000;

    private static final java.lang.invoke.VarHandle STATE, DEADLINE, WAITER;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            STATE = lookup.findVarHandle(Connection.class, "state", int.class);
            DEADLINE = lookup.findVarHandle(Connection.class, "deadline", long.class);
            WAITER = lookup.findVarHandle(Connection.class, "expiryWaiter", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
