package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One member of one room, a real WebSocket client of the chat protocol (version 1, claimed nickname) that
 * moves between nodes the way the protocol tells a client to: when its connection drops it connects to
 * another node and sends {@code resume}; on {@code unknown_session} it sends {@code hello} and {@code join}
 * with {@code after} = the last seq it saw; a {@code gap} is filled by {@code history} pages, as §3.6
 * says; every {@code say} not yet acknowledged is sent again with the same cid.
 *
 * <p>It records what it saw for the test to judge, and judges nothing itself: every live or replayed
 * {@code message} in arrival order, the gaps, the history fill, the acks (cid to seq) and the error codes.
 */
final class NodeMember implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String nick;
    final String room;
    private final String token;
    private final IntFunction<URI> nodes;   // node index to its /ws address, null if that node is down
    private final int nodeCount;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Seqs of live and replayed messages, in arrival order (duplicates kept: the test looks for them). */
    final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
    /** Each gap as {after, upto, reason}. */
    final List<String> gaps = Collections.synchronizedList(new ArrayList<>());
    /** Seqs that came in history pages after a gap. */
    final Set<Long> filled = Collections.synchronizedSet(new TreeSet<>());
    final Map<String, Long> acks = new ConcurrentHashMap<>();
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    /** cid to the say frame, for every say sent and not yet acknowledged. */
    private final Map<String, String> pending = Collections.synchronizedMap(new LinkedHashMap<>());

    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket ws;
    private volatile int node;
    private volatile String session;
    private volatile boolean hello;        // the current connection said hello (not resume)
    private volatile boolean reconnecting;
    private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile long gapUpto;
    volatile int moves;                    // connection attempts after a drop (0: it never moved)
    volatile long readyAgainNanos;         // when it was last joined again after a move

    NodeMember(String nick, String room, int node, int nodeCount, IntFunction<URI> nodes) {
        this(nick, null, room, node, nodeCount, nodes);
    }

    /** With a login's bearer {@code token}: protocol version 2, the nickname comes from the login. */
    NodeMember(String nick, String token, String room, int node, int nodeCount, IntFunction<URI> nodes) {
        this.token = token;
        this.nick = nick;
        this.room = room;
        this.node = node;
        this.nodeCount = nodeCount;
        this.nodes = nodes;
    }

    int node() {
        return node;
    }

    /** Connects to its node, says hello and joins; returns when the room's online list came. */
    void start(Duration timeout) throws Exception {
        connect();
        ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until it is joined (after a move, too). */
    void awaitReady(Duration timeout) throws Exception {
        ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a say with this cid now (or on the next connection, if this one is down). */
    void say(String cid, String text) {
        String frame = "{\"type\":\"say\",\"room\":\"" + room + "\",\"cid\":\"" + cid + "\",\"text\":\"" + text + "\"}";
        pending.put(cid, frame);
        send(frame);
    }

    int unacknowledged() {
        return pending.size();
    }

    /** The highest seq it holds without a hole from 1 (live, replayed or filled). */
    long contiguous() {
        Set<Long> all = new TreeSet<>(filled);
        synchronized (arrivals) {
            all.addAll(arrivals);
        }
        long n = 0;
        for (long s : all) {
            if (s != n + 1) {
                break;
            }
            n = s;
        }
        return n;
    }

    /**
     * Asserts what this member received: live and replayed messages go up by one each time (no duplicate,
     * nothing out of order), except where a gap it was sent ends, and across it history filled every seq; a
     * gap is legitimate only with reason {@code window} (§3.6). Returns the gaps, for the caller to report.
     */
    List<String> assertInOrderOnceGapsFilled() {
        List<Long> got;
        synchronized (arrivals) {
            got = new ArrayList<>(arrivals);
        }
        List<String> gapsSeen;
        synchronized (gaps) {
            gapsSeen = new ArrayList<>(gaps);
        }
        assertTrue(gapsSeen.stream().allMatch(g -> g.endsWith(" window")), nick + ": " + gapsSeen);
        long expect = 1;
        for (long seq : got) {
            if (seq != expect) {
                long upto = seq - 1;
                boolean declared = gapsSeen.stream().anyMatch(g -> g.contains(".." + upto + " "));
                assertTrue(declared && seq > expect, nick + " got " + seq + " after " + (expect - 1) + ", gaps " + gapsSeen);
                for (long s = expect; s < seq; s++) {
                    assertTrue(filled.contains(s), nick + " never got " + s);
                }
            }
            expect = seq + 1;
        }
        return gapsSeen;
    }

    void close() {
        WebSocket w = ws;
        if (w != null) {
            w.abort();
        }
    }

    private synchronized void send(String frame) {
        WebSocket w = ws;
        if (w == null || w.isOutputClosed()) {
            return; // resent from pending after the reconnection
        }
        try {
            w.sendText(frame, true).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The connection is going; onClose/onError moves the member and resends what is pending.
        }
    }

    private void connect() throws Exception {
        URI uri = nodes.apply(node);
        if (uri == null) {
            throw new java.io.IOException("node " + node + " is down");
        }
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        ws = b.buildAsync(uri, this).get(10, TimeUnit.SECONDS);
        if (session != null) {
            hello = false;
            send("{\"type\":\"resume\",\"v\":" + version() + ",\"session\":\"" + session + "\",\"last\":{\"" + room + "\":"
                    + contiguous() + "}}");
        } else {
            sayHello();
        }
    }

    private void sayHello() {
        hello = true;
        send(helloFrame());
    }

    private String helloFrame() {
        return token != null ? "{\"type\":\"hello\",\"v\":2}" : "{\"type\":\"hello\",\"v\":1,\"nick\":\"" + nick + "\"}";
    }

    private int version() {
        return token != null ? 2 : 1;
    }

    /** Sends again, with the same cids, every say not acknowledged (what a client does after store_failed). */
    void retryPending() {
        List<String> again;
        synchronized (pending) {
            again = new ArrayList<>(pending.values());
        }
        again.forEach(this::send);
    }

    /** Whether this cid was answered store_failed. */
    boolean storeFailed(String cid) {
        return errors.contains("store_failed " + cid);
    }

    /** The connection is gone: the next node that is up, until one takes it (bounded by the caller's deadlines). */
    private void moveOn() {
        if (reconnecting) {
            return;
        }
        reconnecting = true;
        ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                for (int i = 1; i <= nodeCount; i++) {
                    int next = (node + i) % nodeCount;
                    if (nodes.apply(next) == null) {
                        continue;
                    }
                    node = next;
                    try {
                        moves++;
                        connect();
                        return;
                    } catch (Exception e) {
                        // try the next node
                    }
                }
                try {
                    Thread.sleep(50); // back-off between rounds of attempts, as a real client does
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                frame(JSON.readTree(text));
            } catch (Exception e) {
                errors.add("client: " + e);
            }
        }
        w.request(1);
        return null;
    }

    private void frame(JsonNode f) {
        switch (f.path("type").asText()) {
            case "welcome" -> {
                session = f.path("session").asText();
                if (hello) {
                    long after = contiguous();
                    sendLater("{\"type\":\"join\",\"room\":\"" + room + "\"" + (after > 0 ? ",\"after\":" + after : "") + "}");
                }
            }
            case "presence" -> {
                if (room.equals(f.path("room").asText()) && "online".equals(f.path("event").asText())) {
                    joined();
                }
            }
            case "message" -> {
                if (room.equals(f.path("room").asText())) {
                    arrivals.add(f.path("seq").asLong());
                }
            }
            case "ack" -> {
                String cid = f.path("cid").asText();
                acks.put(cid, f.path("seq").asLong());
                pending.remove(cid);
            }
            case "gap" -> {
                gaps.add(f.path("after").asLong() + ".." + f.path("upto").asLong() + " " + f.path("reason").asText());
                gapUpto = Math.max(gapUpto, f.path("upto").asLong());
                history(f.path("after").asLong());
            }
            case "history" -> {
                long top = 0;
                for (JsonNode m : f.path("messages")) {
                    if (m.path("seq").asLong() <= gapUpto) {
                        filled.add(m.path("seq").asLong());
                    }
                    top = m.path("seq").asLong();
                }
                if (top > 0 && top < gapUpto) {
                    history(top);
                }
            }
            case "error" -> {
                String code = f.path("code").asText();
                errors.add(code + (f.has("cid") ? " " + f.path("cid").asText() : ""));
                if (code.equals("unknown_session")) {
                    session = null;
                    hello = true;
                    sendLater(helloFrame());
                }
            }
            default -> { }
        }
    }

    private void history(long after) {
        sendLater("{\"type\":\"history\",\"room\":\"" + room + "\",\"after\":" + after + ",\"limit\":200}");
    }

    /** Sends from another thread: the listener's thread must not wait for its own socket. */
    private void sendLater(String frame) {
        Thread.ofVirtual().start(() -> send(frame));
    }

    /** Joined (again): resend what is not acknowledged, with the same cids. */
    private void joined() {
        if (reconnecting) {
            reconnecting = false;
            readyAgainNanos = System.nanoTime();
            List<String> again;
            synchronized (pending) {
                again = new ArrayList<>(pending.values());
            }
            Thread.ofVirtual().start(() -> {
                again.forEach(this::send);
                ready.complete(null);
            });
        } else {
            ready.complete(null);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
        if (w == ws) {
            moveOn();
        }
        return null;
    }

    @Override
    public void onError(WebSocket w, Throwable error) {
        if (w == ws) {
            moveOn();
        }
    }
}
