package io.throng.chat.cluster;

import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import io.throng.chat.service.ChatBackend;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.service.ChatStats;
import io.throng.chat.service.Connection;
import io.throng.chat.service.Outbox;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A front-end worker's side of {@code --workers}: the {@link ChatBackend} its web transports use. A
 * {@link Connection} made here sends each client frame, unparsed, to the room service and gets its
 * frames back into a local bounded {@link Outbox}, so the slow-consumer policy is applied where the
 * socket is.
 *
 * <p>No client frame moves before the link is proven both ways: the worker repeats {@code hello}
 * until the service's {@code welcome} arrives on its subscription, which also covers JeroMQ 0.6.0
 * losing the first message of a new connection and PUB/SUB's late-joiner drop. After that, every
 * message to this worker carries the next sequence number: a hole (a PUB high-water drop) closes every
 * connection here with {@code slow_consumer}, and the clients resume from the store. Nothing is ever
 * acknowledged by the worker: acks come from the room service after the commit, and a client resends
 * what was not acknowledged with the same client id.
 */
public final class ServiceLink implements ChatBackend, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServiceLink.class.getName());
    /** Wakes the connections a frames message went to (see {@link #frames}). */
    private static final ThreadFactory WRITERS = Thread.ofVirtual().name("chat-link-write").factory();
    /**
     * Connections one writer thread wakes, in order. A thread per connection cost every delivery a virtual
     * thread (its start, its continuation, the fork-join task and the root container's entry: at 30,000
     * users the worker's largest allocation, 2026-12-07 13:54 UTC); 64 writes of a small frame take well
     * under a millisecond, and a message to more connections still spreads over every carrier.
     */
    static final int WAKES_PER_WRITER = 64;
    /**
     * How long a connection a frames message touched waits for the next ones before it is woken while the worker
     * is busy ({@link WakeBatch}); system property {@code throng.chat.wakeLingerMillis}, 0 wakes at once.
     */
    static final long WAKE_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("throng.chat.wakeLingerMillis", 100));
    /** A ping this late is logged: a third of the silence after which the room service calls this worker dead. */
    private static final long LATE_PING_MILLIS = LinkProtocol.WORKER_TIMEOUT_MILLIS / 3;

    private final String workerId;
    private final ChatConfig config;
    private final ChatStats stats = new ChatStats();
    private final ZContext context = new ZContext(1);
    /** Messages for the room service, sent by {@link #sender} between its pings (see {@link UpQueue}). */
    private final UpQueue up = new UpQueue(65_536);
    private final Map<String, Outbox> connections = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final CountDownLatch welcomed = new CountDownLatch(1);
    private final CountDownLatch listed = new CountDownLatch(1);
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean stopping;
    private volatile String rooms = "";
    private volatile String serviceMetrics = "";
    /** This worker's relay listener as {@code host:port}, or "" until {@link #advertise}. */
    private volatile String relayAddress = "";
    /** The live workers' relay listeners, from the room service's last status. */
    private volatile Map<String, InetSocketAddress> peers = Map.of();
    private long nextSeq; // receiver thread only
    private final WakeBatch wakes = new WakeBatch(WAKE_LINGER_NANOS); // receiver thread only
    /** Wake-up threads started and not finished: while any runs, the worker is busy and wake-ups linger. */
    private final AtomicInteger wakesRunning = new AtomicInteger();

    private ServiceLink(String requests, String events, String workerId, ChatConfig config) {
        this.workerId = workerId;
        this.config = config;
        context.setLinger(0);
        ZMQ.Socket push = context.createSocket(SocketType.PUSH);
        push.setSndHWM(LinkProtocol.HIGH_WATER);
        push.setHandshakeIvl(LinkProtocol.HANDSHAKE_MILLIS);
        push.setSendTimeOut(LinkProtocol.POLL_MILLIS);
        push.setLinger(0);
        push.connect(requests);
        ZMQ.Socket sub = context.createSocket(SocketType.SUB);
        sub.setRcvHWM(LinkProtocol.HIGH_WATER);
        sub.setHandshakeIvl(LinkProtocol.HANDSHAKE_MILLIS);
        sub.setReceiveTimeOut(LinkProtocol.POLL_MILLIS);
        sub.setLinger(0);
        sub.subscribe(workerId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sub.subscribe(LinkProtocol.ALL.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sub.connect(events);
        sender = Thread.ofPlatform().name("chat-link-push").daemon().start(() -> sendLoop(push));
        receiver = Thread.ofPlatform().name("chat-link-sub").daemon().start(() -> receiveLoop(sub));
    }

    /**
     * Connects to the room service and waits for its welcome.
     *
     * @throws IllegalStateException if no welcome came within {@code timeout}
     */
    public static ServiceLink connect(String requests, String events, String workerId, ChatConfig config,
                                      Duration timeout) throws InterruptedException {
        ServiceLink link = new ServiceLink(requests, events, workerId, config);
        if (!link.welcomed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            link.close();
            throw new IllegalStateException("no answer from the room service at " + requests + " within " + timeout);
        }
        return link;
    }

    @Override
    public String workerId() {
        return workerId;
    }

    /**
     * Tells the room service, with every ping from now on, where this worker takes web requests
     * relayed by the other workers, and waits until the directory it publishes to every worker lists
     * this one: from then on the others can relay (all workers get the same status message).
     *
     * @return false if it was not listed within {@code timeout} (relays to this worker get 404 until it is)
     */
    public boolean advertise(InetSocketAddress relay, Duration timeout) throws InterruptedException {
        relayAddress = relay.getHostString() + ":" + relay.getPort();
        up(LinkProtocol.PING, relayAddress);
        return listed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public InetSocketAddress peer(String workerId) {
        return peers.get(workerId);
    }

    @Override
    public Connection connect(String credential) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Outbox outbox = new Outbox(config.outboxCapacity(), config.outboxChars(), stats);
        outbox.onClose(o -> {
            if (connections.remove(id, o)) {
                up(LinkProtocol.CLOSE, id); // the service detaches the session (resumable)
            }
        });
        if (stopping) {
            outbox.close(ErrorCode.SHUTTING_DOWN);
            return new Remote(id, outbox);
        }
        connections.put(id, outbox);
        if (credential == null) {
            up(LinkProtocol.OPEN, id);
        } else {
            up(LinkProtocol.OPEN, id, credential); // the room service authenticates the hello with it
        }
        return new Remote(id, outbox);
    }

    private final class Remote implements Connection {
        private final String id;
        private final Outbox outbox;

        Remote(String id, Outbox outbox) {
            this.id = id;
            this.outbox = outbox;
        }

        @Override
        public void receive(String frame) {
            if (!outbox.isClosed()) {
                up(LinkProtocol.FRAME, id, frame);
            }
        }

        @Override
        public Outbox outbox() {
            return outbox;
        }

        @Override
        public void close() {
            outbox.close(null);
        }
    }

    @Override
    public List<String> publicRooms() {
        String r = rooms;
        return r.isEmpty() ? List.of() : Arrays.asList(r.split(","));
    }

    @Override
    public void appendMetrics(StringBuilder b) {
        ChatService.metric(b, "counter", "throng_chat_worker_slow_consumers_total",
                "Connections of this worker closed because their local outbox overflowed.", stats.slowConsumers());
        b.append(serviceMetrics); // the room service's own, at most a second old
    }

    // ------------------------------------------------------------------ sockets

    /** Queues a message for the room service; an interrupted caller keeps its interrupt and the message is dropped. */
    private void up(String verb, String... rest) {
        try {
            up.put(LinkProtocol.message(verb, workerId, rest));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The request socket's thread: pings every {@link LinkProtocol#PING_MILLIS} (the room service's only
     * sign that this worker lives, when its clients are quiet) between the messages of {@link #up}. It
     * waits only for a message (at most a poll) or for the socket, never for a thread that queues one:
     * those are virtual threads, which under load wait seconds for a carrier.
     */
    private void sendLoop(ZMQ.Socket push) {
        long nextPing = 0;
        List<String> pending = null;
        try (push) {
            while (!stopping) {
                long now = System.currentTimeMillis();
                if (now >= nextPing) {
                    boolean ready = welcomed.getCount() == 0;
                    if (ready && nextPing > 0 && now - nextPing > LATE_PING_MILLIS) {
                        LOG.log(System.Logger.Level.WARNING, "ping " + (now - nextPing) + " ms late");
                    }
                    nextPing = now + (ready ? LinkProtocol.PING_MILLIS : LinkProtocol.POLL_MILLIS);
                    LinkProtocol.send(push, List.of(ready ? LinkProtocol.PING : LinkProtocol.HELLO, workerId, relayAddress));
                }
                if (pending == null) {
                    pending = up.poll(LinkProtocol.POLL_MILLIS, TimeUnit.MILLISECONDS);
                }
                if (pending != null && LinkProtocol.send(push, pending)) {
                    pending = null;
                }
            }
        } catch (ZMQException e) {
            if (!stopping) {
                LOG.log(System.Logger.Level.ERROR, "request socket failed", e);
            }
        }
    }

    private void receiveLoop(ZMQ.Socket sub) {
        int timeout = LinkProtocol.POLL_MILLIS;
        try (sub) {
            while (!stopping) {
                long now = System.nanoTime();
                long due = wakes.nanosUntilDue(now);
                if (due == 0) {
                    wake(wakes.takeDue(now));
                    continue;
                }
                // Waits for a message at most until the held wake-ups are due.
                int t = (int) Math.min(LinkProtocol.POLL_MILLIS, Math.max(1, (due + 999_999) / 1_000_000));
                if (t != timeout) {
                    sub.setReceiveTimeOut(t);
                    timeout = t;
                }
                List<String> m = LinkProtocol.receive(sub);
                if (m != null) {
                    handle(m);
                }
            }
        } catch (ZMQException e) {
            if (!stopping) {
                LOG.log(System.Logger.Level.ERROR, "event socket failed", e);
            }
        }
    }

    private void handle(List<String> m) {
        String topic = m.getFirst();
        if (topic.equals(LinkProtocol.ALL)) {
            if (m.size() >= 5 && m.get(1).equals(LinkProtocol.STATUS)) {
                rooms = m.get(3);
                serviceMetrics = m.get(4);
                peers = m.size() >= 6 ? directory(m.get(5)) : Map.of();
                if (peers.containsKey(workerId)) {
                    listed.countDown();
                }
            }
            return;
        }
        if (!topic.equals(workerId) || m.size() < 3) {
            return; // a subscription is a prefix match: another worker whose id starts with ours
        }
        long seq = LinkProtocol.digits(m.get(2), 0, m.get(2).length(), 18);
        if (seq < 0) {
            // Unreadable, so unordered: dropped, and the next message shows the hole it leaves.
            LOG.log(System.Logger.Level.WARNING, "a message from the room service with no sequence number: " + m.get(1));
            return;
        }
        if (welcomed.getCount() != 0) {
            if (!m.get(1).equals(LinkProtocol.WELCOME)) {
                return;
            }
            nextSeq = seq + 1;
            welcomed.countDown();
            return;
        }
        if (seq != nextSeq) {
            LOG.log(System.Logger.Level.WARNING, "lost " + (seq - nextSeq) + " messages from the room service; "
                    + "closing " + connections.size() + " connections so their clients resume");
            for (Outbox o : connections.values()) {
                o.close(ErrorCode.SLOW_CONSUMER);
            }
        }
        nextSeq = seq + 1;
        switch (m.get(1)) {
            case LinkProtocol.FRAMES -> {
                if (m.size() == 5) {
                    frames(m.get(3), m.get(4));
                }
            }
            case LinkProtocol.FRAME -> {
                Outbox o = m.size() == 5 ? frame(m.get(3), m.get(4)) : null;
                if (o != null) {
                    WRITERS.newThread(o::wakeReader).start();
                }
            }
            case LinkProtocol.CLOSE -> {
                Outbox o = m.size() == 5 ? connections.get(m.get(3)) : null;
                if (o != null) {
                    // Removed first so that its close listener does not echo a close back.
                    connections.remove(m.get(3), o);
                    o.close(m.get(4).isEmpty() ? null : ErrorCode.fromWire(m.get(4)));
                }
            }
            default -> { } // a welcome answering one of our extra hellos
        }
    }

    /**
     * A {@code frames} message: each distinct frame once, then per connection the numbers of its frames
     * ({@link FramesReader}). The frames are queued here, in order, one shared {@link Frame} for all the
     * connections it went to, and the connections they went to are then woken on virtual threads, up to
     * {@value #WAKES_PER_WRITER} connections each: waking a socket writes to it, and one receiving thread
     * writing every frame of the worker (one write(2) each) was the limit of {@code --workers} at 30,000
     * users (2026-12-07: 14,280 users held, against 29,860 for a build whose sockets wrote on threads of
     * their own). A wake-up never waits (the socket takes what it can now, a drainer of its own the rest),
     * so a share of connections costs its thread only their writes. While earlier wake-ups still run, the
     * next wait up to {@link #WAKE_LINGER_NANOS} for more frames messages ({@link WakeBatch}): one write for all.
     */
    private void frames(String bodies, String targets) {
        List<Outbox> touched = new ArrayList<>();
        FramesReader.read(bodies, targets, connections::get, touched);
        wake(wakes.add(touched, System.nanoTime(), wakesRunning.get() > 0));
    }

    /** Wakes {@code touched} on virtual threads, {@value #WAKES_PER_WRITER} connections each. */
    private void wake(List<Outbox> touched) {
        for (int from = 0; from < touched.size(); from += WAKES_PER_WRITER) {
            List<Outbox> share = touched.subList(from, Math.min(touched.size(), from + WAKES_PER_WRITER));
            wakesRunning.incrementAndGet();
            WRITERS.newThread(() -> {
                try {
                    wakeShare(share);
                } finally {
                    wakesRunning.decrementAndGet();
                }
            }).start();
        }
    }

    private static void wakeShare(List<Outbox> share) {
        for (Outbox o : share) {
            try {
                o.wakeReader();
            } catch (RuntimeException e) {
                // A bug in one connection's transport: the others of the share are still woken.
                LOG.log(System.Logger.Level.ERROR, "waking a connection failed", e);
            }
        }
    }

    /**
     * A {@code frame} message: queues its frame in the connection's outbox without waking it; the outbox,
     * or null if it took nothing. A body that does not parse closes the connection as a slow consumer, as
     * in {@link FramesReader}: a hole in its stream is never a silent one.
     */
    private Outbox frame(String conn, String body) {
        Outbox o = connections.get(conn);
        if (o == null) {
            return null;
        }
        Frame f = LinkProtocol.parseBody(body, 0, body.length());
        if (f == null) {
            o.close(ErrorCode.SLOW_CONSUMER);
            return null;
        }
        return o.offerUnwoken(f) ? o : null;
    }

    /** Parses {@code W=HOST:PORT,...} (HOST an IP literal: no lookup); a malformed entry is skipped. */
    static Map<String, InetSocketAddress> directory(String workers) {
        Map<String, InetSocketAddress> d = new java.util.HashMap<>();
        for (String entry : workers.split(",")) {
            int eq = entry.indexOf('=');
            int colon = entry.lastIndexOf(':');
            if (eq > 0 && colon > eq) {
                try {
                    d.put(entry.substring(0, eq), new InetSocketAddress(entry.substring(eq + 1, colon),
                            Integer.parseInt(entry.substring(colon + 1))));
                } catch (IllegalArgumentException malformed) {
                    // skipped
                }
            }
        }
        return Map.copyOf(d);
    }

    /** Client connections open on this worker now. */
    public int connectionCount() {
        return connections.size();
    }

    /** Closes every connection with {@code shutting_down}, then the sockets. */
    @Override
    public void close() throws InterruptedException {
        for (Outbox o : connections.values()) {
            o.close(ErrorCode.SHUTTING_DOWN); // their close listeners tell the service
        }
        long deadline = System.currentTimeMillis() + 1_000;
        while (!up.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10); // lets the sender flush the closes; bounded, not synchronisation of a test
        }
        stopping = true;
        sender.join(2_000);
        receiver.join(2_000);
        context.close();
    }
}
