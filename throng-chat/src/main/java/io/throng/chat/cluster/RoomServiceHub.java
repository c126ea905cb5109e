package io.throng.chat.cluster;

import io.throng.channels.Received;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import io.throng.chat.service.ChatService;
import io.throng.chat.service.Connection;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The room service's side of {@code --workers}: puts a {@link ChatService} behind two ZeroMQ sockets.
 * Each client connection of a worker is a real {@link Connection} here, so ordering, dedup, presence,
 * resume and limits run in this one process exactly as without workers; the worker only moves frames.
 *
 * <p>Threads: one platform thread owns the PULL socket (commands from workers), one owns the PUB
 * socket (frames to workers: it drains every connection whose outbox announced frames and sends each
 * worker one {@code frames} message with all of its frames, so a burst such as a join storm's presence
 * fan-out costs ZeroMQ per batch, not per frame). A connection holds no thread while idle: a virtual
 * thread feeds its client frames to {@link Connection#receive} in order only while some are waiting
 * ({@link HubConnection}), and its outbox is drained by the publisher, not by a pump of its own. A worker that stops
 * pinging for {@value LinkProtocol#WORKER_TIMEOUT_MILLIS} ms is dead: its connections close here, their
 * sessions detach and, after the presence grace, their users leave.
 */
public final class RoomServiceHub implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RoomServiceHub.class.getName());
    private static final List<String> STOP = List.of();
    /** Queued messages the publisher takes at once; their frames go out as one message per worker. */
    private static final int BATCH = 1024;

    private final ChatService chat;
    private final ZContext context = new ZContext(1);
    private final String epoch = newEpoch();
    /** Messages other than frames (welcome, the close of an unknown connection) for the publisher. */
    private final BlockingQueue<List<String>> out = new ArrayBlockingQueue<>(65_536);
    /** Connections whose outbox has frames (or closed), each at most once until the publisher takes it. */
    private final ReadyList ready = new ReadyList();
    /** The publisher is about to park or parked: whoever queues work for it unparks it. */
    private volatile boolean publisherIdle;
    private final Map<String, HubConnection> connections = new ConcurrentHashMap<>();
    /** Per worker: when last heard from (in thread only). */
    private final WorkerLiveness liveness =
            new WorkerLiveness(LinkProtocol.WORKER_TIMEOUT_MILLIS, LinkProtocol.LISTEN_PAUSE_MILLIS);
    /** Per worker: next sequence number (out thread only). */
    private final Map<String, Long> sequences = new ConcurrentHashMap<>();
    /** Per live worker: where it takes relayed web requests ({@code host:port}); published in status. */
    private final Map<String, String> relays = new ConcurrentHashMap<>();
    /** Set when {@link #relays} changed, so the next status goes out at once, not within a second. */
    private volatile boolean directoryChanged;
    private final ZMQ.Socket pull;
    private final ZMQ.Socket pub;
    private final String requests;
    private final String events;
    private final Thread in;
    private final Thread publisher;
    private volatile boolean stopping;
    /** What the frames messages carried (publisher thread only; published in the status metrics). */
    private long linkDeliveries;
    private long linkBodies;
    private long linkBodyChars;
    private long linkBytes;

    private RoomServiceHub(ChatService chat, String host) {
        this.chat = chat;
        context.setLinger(0);
        pull = context.createSocket(SocketType.PULL);
        pull.setRcvHWM(LinkProtocol.HIGH_WATER);
        pull.setReceiveTimeOut(LinkProtocol.POLL_MILLIS);
        pull.setHandshakeIvl(LinkProtocol.HANDSHAKE_MILLIS);
        pull.setLinger(0);
        pub = context.createSocket(SocketType.PUB);
        pub.setSndHWM(LinkProtocol.HIGH_WATER);
        pub.setHandshakeIvl(LinkProtocol.HANDSHAKE_MILLIS);
        pub.setLinger(0);
        requests = "tcp://" + host + ":" + pull.bindToRandomPort("tcp://" + host);
        events = "tcp://" + host + ":" + pub.bindToRandomPort("tcp://" + host);
        publisher = Thread.ofPlatform().name("chat-hub-out").daemon()
                .start(() -> own(pub, "event", this::publishFrames));
        in = Thread.ofPlatform().name("chat-hub-in").daemon() // after the publisher: it wakes the publisher
                .start(() -> own(pull, "request", this::receiveCommands));
    }

    private static String newEpoch() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Binds both sockets on {@code host} (loopback) at free ports and starts serving. */
    public static RoomServiceHub start(ChatService chat, String host) {
        return new RoomServiceHub(chat, host);
    }

    /** Where workers PUSH their commands. */
    public String requestEndpoint() {
        return requests;
    }

    /** Where workers SUBscribe to their frames. */
    public String eventEndpoint() {
        return events;
    }

    /**
     * The life of a socket's owning thread: runs {@code loop}, then closes the socket. A socket error
     * during shutdown is expected (the context is closing); any other is logged.
     */
    private void own(ZMQ.Socket socket, String name, SocketLoop loop) {
        try {
            loop.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ZMQException e) {
            if (!stopping) {
                LOG.log(System.Logger.Level.ERROR, name + " socket failed", e);
            }
        } finally {
            socket.close();
        }
    }

    private interface SocketLoop {
        void run() throws InterruptedException;
    }

    // ------------------------------------------------------------------ commands from workers

    private void receiveCommands() throws InterruptedException {
        long lastCheck = millis();
        while (!stopping) {
            List<String> m = LinkProtocol.receive(pull);
            long now = millis();
            liveness.listened(now);
            if (m != null && m.size() >= 2) {
                liveness.heard(m.get(1), now);
                handle(m);
            }
            if (now - lastCheck >= LinkProtocol.POLL_MILLIS) {
                lastCheck = now;
                reapWorkers(now);
            }
        }
    }

    private void handle(List<String> m) throws InterruptedException {
        String worker = m.get(1);
        switch (m.getFirst()) {
            case LinkProtocol.HELLO -> {
                advertised(worker, m);
                publish(worker, LinkProtocol.WELCOME, epoch);
            }
            case LinkProtocol.PING -> advertised(worker, m);
            case LinkProtocol.OPEN -> {
                if (m.size() == 3 || m.size() == 4) {
                    open(worker, m.get(2), m.size() == 4 ? m.get(3) : null);
                }
            }
            case LinkProtocol.FRAME -> {
                HubConnection r = m.size() == 4 ? connections.get(m.get(2)) : null;
                if (r == null) {
                    // Its open was lost, or it closed meanwhile: the client reconnects and resumes.
                    publish(worker, LinkProtocol.CLOSE, m.size() > 2 ? m.get(2) : "", ErrorCode.SHUTTING_DOWN.wire());
                    return;
                }
                r.deliver(m.get(3)); // waits only behind this one connection's backlog
            }
            case LinkProtocol.CLOSE -> {
                HubConnection r = m.size() == 3 ? connections.get(m.get(2)) : null;
                if (r != null) {
                    r.conn.close();
                }
            }
            default -> LOG.log(System.Logger.Level.WARNING, "unknown worker command " + m.getFirst());
        }
    }

    /** A hello or ping names the worker's relay listener (part 3; absent or empty before it has one). */
    private void advertised(String worker, List<String> m) {
        if (m.size() >= 3 && !m.get(2).isEmpty() && !m.get(2).equals(relays.put(worker, m.get(2)))) {
            directoryChanged = true;
        }
    }

    private void open(String worker, String id, String credential) {
        if (connections.containsKey(id)) {
            return;
        }
        HubConnection r = new HubConnection(worker, id, chat.connect(credential));
        connections.put(id, r);
        r.conn.outbox().onReady(() -> r.announce(this::readyToPublish));
        r.announce(this::readyToPublish); // a service already closed has closed the outbox before the listener
    }

    private void readyToPublish(HubConnection r) {
        ready.push(r);
        wakePublisher();
    }

    private void wakePublisher() {
        if (publisherIdle) {
            LockSupport.unpark(publisher);
        }
    }

    /** A monotonic clock in milliseconds: a wall-clock step must not kill or revive a worker. */
    private static long millis() {
        return System.nanoTime() / 1_000_000;
    }

    private void reapWorkers(long now) {
        for (String dead : liveness.dead(now)) {
            relays.remove(dead); // requests for its web connections now get 404 at once
            directoryChanged = true;
            LOG.log(System.Logger.Level.INFO, "worker " + dead + " went silent; closing its connections");
            for (HubConnection r : connections.values()) {
                if (r.worker.equals(dead)) {
                    r.conn.close();
                }
            }
            // Its sequence number is kept: a worker that was only slow (a long GC pause) sees its
            // connections closed in order, not a hole. One map entry per worker process ever run.
        }
    }

    // ------------------------------------------------------------------ frames to workers

    /** Queues a message for {@code worker}; the publisher adds the topic and the worker's sequence number. */
    private void publish(String worker, String verb, String... rest) {
        LinkProtocol.enqueue(out, worker, verb, rest);
        wakePublisher();
    }

    private void publishFrames() throws InterruptedException {
        long nextStatus = 0;
        List<List<String>> batch = new ArrayList<>(BATCH);
        Map<String, FramesWriter> frames = new LinkedHashMap<>();
        boolean stop = false;
        while (!stopping && !stop) {
            out.drainTo(batch, BATCH);
            for (List<String> m : batch) {
                if (m == STOP) {
                    stop = true;
                    break;
                }
                flush(frames, m.getFirst()); // anything else to this worker goes after the frames before it
                send(m.getFirst(), m.subList(1, m.size()));
            }
            boolean worked = !batch.isEmpty();
            batch.clear();
            // At a stop, every connection still announced: the closes (shutting_down) the service just made.
            for (int n = 0; n < BATCH || stop; n++) {
                HubConnection r = ready.poll();
                if (r == null) {
                    break;
                }
                worked = true;
                r.taken();
                drain(r, frames);
            }
            frames.forEach(this::sendFrames);
            frames.clear();
            long now = System.currentTimeMillis();
            if (now >= nextStatus || directoryChanged) {
                nextStatus = now + 1_000;
                directoryChanged = false;
                StringBuilder metrics = new StringBuilder(4096);
                chat.appendMetrics(metrics);
                appendLinkMetrics(metrics);
                StringBuilder workers = new StringBuilder();
                relays.forEach((w, address) -> workers.append(workers.isEmpty() ? "" : ",").append(w)
                        .append('=').append(address));
                LinkProtocol.send(pub, List.of(LinkProtocol.ALL, LinkProtocol.STATUS, epoch, String.join(",", chat.publicRooms()),
                        metrics.toString(), workers.toString()));
            }
            if (!worked) {
                publisherIdle = true;
                if (out.isEmpty() && ready.isEmpty()) { // checked after the flag: a producer that missed it left work here
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LinkProtocol.POLL_MILLIS));
                }
                publisherIdle = false;
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    /**
     * Moves what one connection's outbox holds into its worker's next {@code frames} message, and
     * its close after them. The worker applies the slow-consumer policy again at its socket.
     */
    private void drain(HubConnection r, Map<String, FramesWriter> frames) {
        while (true) {
            switch (r.conn.outbox().poll()) {
                case Received.Value<Frame>(Frame f) -> {
                    if (f.json().indexOf('\n') >= 0) {
                        flush(frames, r.worker); // cannot be a line: sent alone, in its place
                        send(r.worker, List.of(LinkProtocol.FRAME, r.id,
                                LinkProtocol.appendBody(new StringBuilder(), f).toString()));
                        continue;
                    }
                    FramesWriter w = frames.computeIfAbsent(r.worker, x -> new FramesWriter());
                    w.add(r.id, f);
                    if (w.chars() >= LinkProtocol.FRAMES_CHARS) {
                        flush(frames, r.worker);
                    }
                }
                case Received.Closed<Frame> x -> {
                    if (!r.closeSent) { // a closed outbox may announce itself again
                        r.closeSent = true;
                        connections.remove(r.id, r);
                        flush(frames, r.worker);
                        ErrorCode why = r.conn.outbox().closeReason();
                        send(r.worker, List.of(LinkProtocol.CLOSE, r.id, why == null ? "" : why.wire()));
                    }
                    return;
                }
                case Received.Empty<Frame> e -> {
                    return;
                }
            }
        }
    }

    /** Sends the worker's pending {@code frames} message, if it has one. */
    private void flush(Map<String, FramesWriter> frames, String worker) {
        FramesWriter w = frames.remove(worker);
        if (w != null) {
            sendFrames(worker, w);
        }
    }

    private void sendFrames(String worker, FramesWriter w) {
        linkDeliveries += w.deliveries();
        linkBodies += w.bodies();
        linkBodyChars += w.bodyChars();
        send(worker, w.take());
    }

    /** Sends {@code verb, parts...} to {@code worker} under its next sequence number. */
    private void send(String worker, List<String> verbAndParts) {
        long seq = sequences.merge(worker, 1L, Long::sum);
        List<String> m = new ArrayList<>(verbAndParts.size() + 2);
        m.add(worker);
        m.add(verbAndParts.getFirst());
        m.add(Long.toString(seq));
        m.addAll(verbAndParts.subList(1, verbAndParts.size()));
        long bytes = LinkProtocol.sendCounting(pub, m);
        if (bytes > 0) {
            linkBytes += bytes;
        }
    }

    /** The link's cost per delivery, readable from any worker's {@code /metrics} (bytes over deliveries). */
    private void appendLinkMetrics(StringBuilder b) {
        ChatService.metric(b, "counter", "throng_chat_link_deliveries_total",
                "Frames the room service sent to workers in frames messages, one per connection each went to.", linkDeliveries);
        ChatService.metric(b, "counter", "throng_chat_link_bodies_total",
                "Distinct frames in those messages: each is sent once per message, whatever its number of connections.", linkBodies);
        ChatService.metric(b, "counter", "throng_chat_link_body_chars_total",
                "Characters of those distinct frames' lines (ORDERED FLAGS JSON), the rest of a frames message being its targets.",
                linkBodyChars);
        ChatService.metric(b, "counter", "throng_chat_link_sent_bytes_total",
                "Bytes of every message the room service sent to workers (all parts).", linkBytes);
    }

    /** Worker connections served now (tests, metrics). */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops both socket threads. Call after {@link ChatService#close()} so the connections' last frames
     * ({@code shutting_down}) have been queued; they are sent if the publisher reaches them in time.
     */
    @Override
    public void close() throws InterruptedException {
        out.offer(STOP, 1, TimeUnit.SECONDS);
        LockSupport.unpark(publisher);
        publisher.join(2_000);
        stopping = true;
        in.join(2_000);
        publisher.join(2_000);
        context.close();
    }
}
