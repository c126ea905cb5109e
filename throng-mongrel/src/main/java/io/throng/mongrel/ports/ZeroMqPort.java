package io.throng.mongrel.ports;

import io.throng.mongrel.wire.Inbound;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.wire.MessageCodec;
import io.throng.net.codec.MalformedFrameException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import io.throng.mongrel.zmq.SocketKind;
import io.throng.mongrel.zmq.ZmqContext;
import io.throng.mongrel.zmq.ZmqFailure;
import io.throng.mongrel.zmq.ZmqSocket;

/**
 * {@link HandlerPort} on a ZeroMQ library (libzmq through FFM, or JeroMQ): binds PUSH on {@code send_spec}
 * and SUB on {@code recv_spec} through the library's sockets and I/O thread.
 *
 * <p>Threads: the push thread takes encoded requests from a bounded queue (callers send directly when
 * nothing is queued); a receiver thread decodes replies and gives them to the reply consumer; the
 * monitor thread counts connected handlers so the gateway can answer 503 at once when there are none,
 * instead of queueing requests for a handler that may come too late. The consumer may write to a
 * client's socket on the receiver thread (the gateway's fast path), and such a write can block if the
 * client stopped reading: a watchdog then hands the SUB socket to a new receiver within about 15 ms, so
 * one slow client never holds up the replies to the others for longer than that. Only a receiver inside
 * such a write ({@link #writing}) is replaced: one that was merely slow to get there (its thread
 * descheduled between taking a reply off the socket and writing it) still holds a reply nobody else has
 * seen, and its replacement would write the same connection's next reply first. A receiver blocked in the
 * write holds the connection's write lock, so the replies after it for that connection wait behind it.
 * The watchdog ticks (every 5 ms) only while sections come; after a second without one it rests until the
 * next section opens, so a consumer whose writes never wait (the gateway on the epoll engine) opens none
 * and the port costs no timer wake-ups.
 *
 * <p>ZeroMQ engine: libzmq through FFM or JeroMQ ({@link io.throng.mongrel.zmq}), per
 * {@link Options#engine()}. Each socket has one user at a time: the monitor socket its thread, PUSH
 * whoever holds {@code pushLock}, SUB whoever holds {@code subLock}.
 *
 * <p>Differences from Mongrel2, on purpose: the SUB side's high-water mark is unbounded by default so
 * replies are not dropped, and PUSH is {@code immediate}, so requests never wait in a pipe to a handler
 * that has not finished connecting.
 */
final class ZeroMqPort implements HandlerPort {

    private static final System.Logger LOG = System.getLogger(HandlerPort.class.getName());
    private static final BooleanSupplier ALWAYS = () -> true;
    /** A message on its way to the push thread, with the test it must still pass when its turn comes. */
    private record Outgoing(byte[] bytes, BooleanSupplier wanted) {}

    private static final Outgoing STOP = new Outgoing(new byte[0], () -> false);
    private static final int POLL_MILLIS = 100;
    /** JeroMQ 0.6.0 occasionally stalls a handshake; a short limit makes it reconnect instead of waiting 30 s. */
    private static final int HANDSHAKE_MILLIS = 2000;
    private static final AtomicInteger MONITORS = new AtomicInteger();
    /**
     * JeroMQ's I/O thread is the busiest thread of a loaded gateway (every message crosses it twice);
     * with two, requests out and replies in run on different cores.
     */
    private static final int IO_THREADS = 2;

    private final String requests;
    private final String replies;
    private final ZmqContext context;
    private final BlockingQueue<Outgoing> queue;
    private final AtomicLong withdrawn = new AtomicLong();
    private final Consumer<Outbound> onReply;
    private final AtomicInteger handlers = new AtomicInteger();
    private final Object handlerArrived = new Object();
    /**
     * Guards the PUSH socket: the push thread sends under it, and so may a caller when nothing is queued
     * (the fast path, which saves a thread hand-off per request). ZeroMQ sockets are not thread-safe, but
     * may change threads with a memory barrier between uses, which the lock provides.
     */
    private final ReentrantLock pushLock = new ReentrantLock();
    /** Messages queued or in the push thread's hands; the fast path is open only at zero, to keep order. */
    private final AtomicInteger unsent = new AtomicInteger();
    private final ZmqSocket pushSocket;
    private final CountDownLatch bound = new CountDownLatch(3);
    private final Thread push;
    private final Thread sub;
    private final Thread monitor;
    /** Handler disconnections the monitor has seen; the sender compares it with {@link #disconnectsSeen}. */
    private final AtomicLong disconnects = new AtomicLong();
    private long disconnectsSeen; // guarded by pushLock
    private final String monitorEndpoint = "inproc://handler-port-monitor-" + MONITORS.incrementAndGet();
    private volatile RuntimeException bindFailure;
    private volatile boolean stopping;

    /** A thread that receives replies; {@code writingSince} is when its current {@link #writing} began, or 0. */
    private static final class Receiver {
        final ZeroMqPort port;
        volatile long writingSince;
        volatile Thread thread;

        Receiver(ZeroMqPort port) {
            this.port = port;
        }
    }

    /** The receiver the current thread is; unset on every other thread. */
    private static final ThreadLocal<Receiver> RECEIVER = new ThreadLocal<>();

    /** Ends a {@link #writing} section; one instance, so a section costs no allocation. */
    private static final Writing WRITING = () -> {
        Receiver r = RECEIVER.get();
        if (r != null) {
            r.writingSince = 0;
        }
    };

    /**
     * {@link HandlerPort#writing()} for this engine: on a port's receive thread, the watchdog replaces a
     * receiver only while it is inside such a section; on any other thread it does nothing.
     */
    static Writing writing() {
        Receiver r = RECEIVER.get();
        if (r != null) {
            r.writingSince = System.nanoTime();
            // Dekker with the resting watchdog: the section is published before the flag is read; the
            // watchdog clears the flag before it reads the section.
            ZeroMqPort port = r.port;
            if (!port.watching) {
                port.watching = true;
                LockSupport.unpark(port.watch);
            }
        }
        return WRITING;
    }

    private static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long STUCK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int MAX_RECEIVERS = 16;
    /** Ticks with no receiver inside a {@link #writing} section after which the watchdog rests (1 s). */
    private static final int QUIET_TICKS = 200;
    /** Guards the SUB socket, which passes from a stuck receiver to its replacement. */
    private final ReentrantLock subLock = new ReentrantLock();
    private volatile ZmqSocket subSocket;
    private volatile Receiver current = new Receiver(this);
    private final AtomicInteger receivers = new AtomicInteger();
    private final AtomicLong takeovers = new AtomicLong();
    private final Thread watch;
    /**
     * Whether the watchdog ticks. It rests (parked, no timer) after {@link #QUIET_TICKS} ticks with no
     * receiver in a {@link #writing} section, and the next section wakes it: a gateway whose client writes
     * never wait (the epoll engine's {@code writeNow}) opens no sections, and then costs no wake-ups.
     */
    private volatile boolean watching;

    private ZeroMqPort(String requests, String replies, String subscription, Consumer<Outbound> onReply, Options options) {
        this.requests = requests;
        this.replies = replies;
        this.onReply = onReply;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.context = ZmqContext.open(options.engine(), IO_THREADS);
        // The monitor socket must exist before PUSH binds, so it is created here on the caller's thread
        // and then used only by the monitor thread.
        pushSocket = context.socket(SocketKind.PUSH);
        pushSocket.monitor(monitorEndpoint, ZmqSocket.EVENT_ACCEPTED | ZmqSocket.EVENT_DISCONNECTED);
        ZmqSocket monitorSocket = context.socket(SocketKind.PAIR);
        monitorSocket.lingerMillis(0);
        monitorSocket.connect(monitorEndpoint);
        this.monitor = Thread.ofPlatform().name("mongrel-port-monitor " + requests).daemon()
                .unstarted(() -> monitorLoop(monitorSocket));
        this.push = Thread.ofPlatform().name("mongrel-port-push " + requests).daemon()
                .unstarted(() -> pushLoop(pushSocket, options));
        this.sub = Thread.ofPlatform().name("mongrel-port-sub " + replies).daemon()
                .unstarted(() -> subLoop(subscription, options));
        this.watch = Thread.ofPlatform().name("mongrel-port-watch " + replies).daemon().unstarted(this::watchLoop);
        monitor.start();
        push.start();
        sub.start();
        watch.start();
    }

    /**
     * Binds both sockets and starts the threads; returns once both are bound.
     *
     * @param subscription reply prefix to accept (Mongrel2's {@code recv_ident}); empty accepts all
     * @param onReply      called on the sub thread for every reply; must not block for long
     */
    static ZeroMqPort bind(String requests, String replies, String subscription, Consumer<Outbound> onReply,
                           Options options) throws InterruptedException {
        ZeroMqPort port = new ZeroMqPort(requests, replies, subscription, onReply, options);
        if (!port.bound.await(10, TimeUnit.SECONDS) || port.bindFailure != null) {
            RuntimeException failure = port.bindFailure;
            port.close();
            throw failure != null ? failure : new IllegalStateException("could not bind " + requests + " / " + replies);
        }
        return port;
    }

    /** The ZeroMQ engine in use, e.g. {@code libzmq 4.3.4} or {@code jeromq}. */
    public String engine() {
        return context.engine();
    }

    /** Handlers connected to the request socket right now. */
    public int connectedHandlers() {
        return handlers.get();
    }

    /**
     * Queues one message that is withdrawn if {@code wanted} turns false before a handler takes it (its
     * client left, or it grew stale). {@code wanted} runs on the push thread and must be cheap. Once
     * ZeroMQ has the message it cannot be withdrawn: it sits in a handler's pipe (up to the send
     * high-water mark) and only the handler can drop it, on the disconnect notice.
     */
    public void send(Inbound message, BooleanSupplier wanted) throws InterruptedException {
        if (stopping) {
            throw new IllegalStateException("port is closed");
        }
        send(MessageCodec.encode(message), wanted);
    }

    /**
     * {@link #send(Inbound, BooleanSupplier)} for a message already encoded (the gateway writes its
     * requests straight to bytes, {@code RequestEncoder}); {@code bytes} must be one whole message.
     */
    public void send(byte[] bytes, BooleanSupplier wanted) throws InterruptedException {
        if (stopping) {
            throw new IllegalStateException("port is closed");
        }
        if (unsent.get() == 0 && handlers.get() > 0 && pushLock.tryLock()) {
            try {
                if (unsent.get() == 0 && !stopping) {
                    dropDeadPipes(pushSocket);
                    if (pushSocket.send(bytes, ZmqSocket.DONTWAIT)) {
                        return;
                    }
                }
            } finally {
                pushLock.unlock();
            }
        }
        unsent.incrementAndGet();
        queue.put(new Outgoing(bytes, wanted));
    }

    /** Queues a message if there is room at once; for notices sent from threads that must not block. */
    public boolean trySend(Inbound message) {
        if (stopping) {
            return false;
        }
        unsent.incrementAndGet();
        if (queue.offer(new Outgoing(MessageCodec.encode(message), ALWAYS))) {
            return true;
        }
        unsent.decrementAndGet();
        return false;
    }

    /** Messages withdrawn before a handler took them. */
    public long withdrawn() {
        return withdrawn.get();
    }

    private void pushLoop(ZmqSocket socket, Options options) {
        try {
            socket.sendHighWater(options.sendHighWater());
            socket.immediate(true);
            socket.handshakeMillis(HANDSHAKE_MILLIS);
            socket.lingerMillis(0);
            socket.sendTimeoutMillis(POLL_MILLIS);
            if (!bindOrReport(socket, requests)) {
                return;
            }
            Outgoing pending = null;
            while (!stopping) {
                if (pending == null) {
                    pending = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (pending == null || pending == STOP) {
                        pending = null;
                        continue;
                    }
                }
                if (handlers.get() == 0) {
                    // Nobody to take it: wait for a handler instead of sitting in send(), so that the
                    // request is tested again once one arrives and is not handed to it if stale by then.
                    synchronized (handlerArrived) {
                        if (handlers.get() == 0) {
                            handlerArrived.wait(POLL_MILLIS);
                        }
                    }
                }
                if (!pending.wanted().getAsBoolean()) {
                    withdrawn.incrementAndGet();
                    pending = null;
                    unsent.decrementAndGet();
                    continue;
                }
                if (handlers.get() == 0) {
                    continue;
                }
                boolean sent;
                pushLock.lock();
                try {
                    dropDeadPipes(socket);
                    sent = socket.send(pending.bytes(), 0);
                } finally {
                    pushLock.unlock();
                }
                if (sent) {
                    pending = null;
                    unsent.decrementAndGet();
                }
                // else: no handler could take it within the timeout; retry, checking for stop
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ZmqFailure e) {
            socketFailed("request", e);
        } finally {
            pushLock.lock(); // a fast-path sender may hold the socket
            try {
                socket.close();
            } finally {
                pushLock.unlock();
            }
        }
    }

    /**
     * Binds the SUB socket and runs the first receiver; every later receiver (after a takeover) only
     * receives. Whoever leaves the loop because the port is closing closes the socket.
     */
    private void subLoop(String subscription, Options options) {
        ZmqSocket socket = context.socket(SocketKind.SUB);
        try {
            socket.receiveHighWater(options.receiveHighWater());
            socket.maxMessageBytes(options.maxReplyBytes());
            socket.receiveTimeoutMillis(POLL_MILLIS);
            socket.handshakeMillis(HANDSHAKE_MILLIS);
            socket.lingerMillis(0);
            socket.subscribe(subscription.getBytes(StandardCharsets.UTF_8));
        } catch (ZmqFailure e) {
            socket.close();
            throw e;
        }
        if (!bindOrReport(socket, replies)) {
            socket.close();
            return;
        }
        subSocket = socket;
        receive(current);
    }

    /**
     * One receiver's loop: takes replies off the SUB socket and gives them to the consumer. It holds
     * {@link #subLock} only around {@code recv}, so that if the consumer blocks (a client's socket buffer
     * was full), the watchdog can hand the socket to a fresh receiver and the replies to other clients
     * keep flowing; the stuck receiver ends once its consumer call returns.
     */
    private void receive(Receiver me) {
        me.thread = Thread.currentThread();
        RECEIVER.set(me);
        receivers.incrementAndGet();
        try {
            while (!stopping) {
                byte[] raw;
                subLock.lock();
                try {
                    if (current != me) {
                        return; // replaced while the consumer was blocked
                    }
                    raw = subSocket.receive(0);
                } finally {
                    subLock.unlock();
                }
                if (raw == null) {
                    continue;
                }
                try {
                    onReply.accept(MessageCodec.decodeOutboundInPlace(raw)); // raw is ours alone
                } catch (MalformedFrameException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipped invalid message from handler: " + e.getMessage());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "reply consumer failed", e);
                } finally {
                    me.writingSince = 0; // a consumer that threw inside its section
                }
            }
            subLock.lock();
            try {
                if (current == me) {
                    subSocket.close();
                }
            } finally {
                subLock.unlock();
            }
        } catch (ZmqFailure e) {
            socketFailed("reply", e);
        } finally {
            receivers.decrementAndGet();
        }
    }

    /**
     * Replaces a receiver that has been inside a {@link #writing} section longer than {@link #STUCK_NANOS}; at most
     * {@link #MAX_RECEIVERS} receivers exist at once, so a crowd of stuck clients cannot make threads
     * without bound (past it, replies wait for a stuck receiver as they would in one thread).
     */
    private void watchLoop() {
        int quiet = QUIET_TICKS; // rest until the first section
        while (!stopping) {
            if (quiet >= QUIET_TICKS) {
                watching = false;
                if (current.writingSince == 0 && !stopping) { // see writing(): one of the two sees the other
                    LockSupport.park(this); // until writing() or close() unparks it (or spuriously)
                }
                watching = true;
                quiet = 0;
                continue;
            }
            LockSupport.parkNanos(WATCH_NANOS);
            Receiver r = current;
            long since = r.writingSince;
            quiet = since == 0 ? quiet + 1 : 0;
            if (since != 0 && System.nanoTime() - since > STUCK_NANOS && receivers.get() < MAX_RECEIVERS
                    && subSocket != null) {
                Receiver next = new Receiver(this);
                current = next; // the stuck one sees this when it comes back, and leaves
                takeovers.incrementAndGet();
                Thread.ofPlatform().name("mongrel-port-sub " + replies).daemon().start(() -> receive(next));
            }
        }
    }

    /** Receivers replaced because a reply consumer blocked (a client not reading); for tests and stats. */
    public long takeovers() {
        return takeovers.get();
    }

    /**
     * After a handler left, lets the socket process its pending commands before the next send. ZeroMQ
     * removes a dead peer's pipe only when the socket next processes commands, and a socket that sends
     * does so at most every few milliseconds: a burst of sends right after the disconnect would keep
     * round-robining into the dead pipe, and those requests would be lost with it. Reading ZMQ_EVENTS
     * processes the commands at once. It cannot close the window before the teardown arrives: ZeroMQ
     * emits the monitor event before its I/O thread passes the teardown to the socket (docs/gateway.md
     * §5). Call with {@code pushLock} held.
     */
    private void dropDeadPipes(ZmqSocket socket) {
        long seen = disconnects.get();
        if (seen != disconnectsSeen) {
            disconnectsSeen = seen;
            socket.processCommands();
        }
    }

    private void monitorLoop(ZmqSocket socket) {
        try (socket) {
            socket.receiveTimeoutMillis(POLL_MILLIS);
            bound.countDown();
            while (!stopping) {
                switch (socket.receiveEvent()) {
                    case ZmqSocket.EVENT_ACCEPTED -> {
                        handlers.incrementAndGet();
                        synchronized (handlerArrived) {
                            handlerArrived.notifyAll();
                        }
                    }
                    case ZmqSocket.EVENT_DISCONNECTED -> {
                        handlers.updateAndGet(n -> Math.max(0, n - 1));
                        disconnects.incrementAndGet();
                    }
                    default -> { }
                }
            }
        } catch (ZmqFailure e) {
            socketFailed("monitor", e);
        }
    }

    private boolean bindOrReport(ZmqSocket socket, String endpoint) {
        try {
            socket.bind(endpoint);
            bound.countDown();
            return true;
        } catch (ZmqFailure e) {
            bindFailure = new IllegalStateException("cannot bind " + endpoint + ": " + e.getMessage(), e);
            while (bound.getCount() > 0) {
                bound.countDown();
            }
            return false;
        }
    }

    @Override
    public void close() {
        stopping = true;
        queue.offer(STOP);
        LockSupport.unpark(watch); // a resting watchdog sees stopping
        try {
            push.join(5000);
            sub.join(5000);
            watch.join(5000); // no takeover after this
            Thread last = current.thread;
            if (last != null) {
                last.join(5000); // the receiver that owns the socket closes it
            }
            monitor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            context.close();
        }
    }

    /** A socket thread's failure: expected while stopping (the socket was closed under it), else logged. */
    private void socketFailed(String socket, ZmqFailure e) {
        if (!stopping) {
            LOG.log(System.Logger.Level.ERROR, socket + " socket failed", e);
        }
    }
}
