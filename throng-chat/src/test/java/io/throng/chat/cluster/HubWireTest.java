package io.throng.chat.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The room service's side of the worker hop, driven by a fake worker made of bare JeroMQ sockets that
 * speaks exactly the messages of docs/chat-protocol.md §8.2.
 */
class HubWireTest {
    @TempDir
    Path dir;
    ChatStore store;
    ChatService chat;
    RoomServiceHub hub;
    final ZContext context = new ZContext(1);
    ZMQ.Socket push;
    ZMQ.Socket sub;
    long seq;

    @BeforeEach
    void start() throws Exception {
        store = ChatStore.open(dir.resolve("chat.db"), Durability.NORMAL, 2);
        chat = new ChatService(store, ChatConfig.defaults(), InstantSource.system());
        hub = RoomServiceHub.start(chat, "127.0.0.1");
        context.setLinger(0);
        push = context.createSocket(SocketType.PUSH);
        push.connect(hub.requestEndpoint());
        sub = context.createSocket(SocketType.SUB);
        sub.setReceiveTimeOut(LinkProtocol.POLL_MILLIS);
        sub.subscribe("wT".getBytes());
        sub.connect(hub.eventEndpoint());
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
        chat.close();
        hub.close();
        store.close();
    }

    private void up(String... parts) {
        assertTrue(LinkProtocol.send(push, List.of(parts)));
    }

    /** The next message to this worker, checking that its sequence number follows the last one. */
    private List<String> next() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            List<String> m = LinkProtocol.receive(sub);
            if (m != null) {
                assertEquals("wT", m.getFirst());
                assertEquals(++seq, Long.parseLong(m.get(2)), "sequence numbers have no hole: " + m);
                return m;
            }
        }
        throw new AssertionError("no message within 10 s");
    }

    /**
     * Frames arrive in "frames" messages (each distinct frame once as "ORDERED FLAGS JSON", then "C N..." lines
     * naming them per connection); returns the frame's fields as {C, ORDERED, FLAGS, JSON}.
     */
    private List<String> nextFrameOf(String conn, String type) {
        while (true) {
            if (lines.isEmpty()) {
                List<String> m = next();
                if (m.get(1).equals("frames")) {
                    assertEquals(5, m.size(), "W frames SEQ BODIES TARGETS: " + m);
                    assertTrue(m.get(3).endsWith("\n") && m.get(4).endsWith("\n"), "every line ends with a newline");
                    String[] bodies = m.get(3).split("\n");
                    for (String target : m.get(4).split("\n")) {
                        String[] t = target.split(" ");
                        for (int i = 1; i < t.length; i++) {
                            lines.add(t[0] + " " + bodies[Integer.parseInt(t[i])]);
                        }
                    }
                }
                continue;
            }
            List<String> f = List.of(lines.removeFirst().split(" ", 4));
            if (f.get(0).equals(conn) && f.get(3).startsWith("{\"type\":\"" + type + "\"")) {
                return f;
            }
        }
    }

    private final java.util.ArrayDeque<String> lines = new java.util.ArrayDeque<>();

    private void handshake() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            up("hello", "wT"); // repeated: the first message of a new connection may be lost
            List<String> m = LinkProtocol.receive(sub);
            if (m != null) {
                assertEquals(List.of("wT", "welcome"), m.subList(0, 2));
                assertEquals(4, m.size());
                seq = Long.parseLong(m.get(2));
                return;
            }
        }
        throw new AssertionError("no welcome");
    }

    @Test
    void framesGoUpUnparsedAndComeBackAddressedAndNumbered() {
        handshake();
        up("open", "wT", "c1");
        up("frame", "wT", "c1", "{\"type\":\"hello\",\"v\":1,\"nick\":\"zed\"}");
        List<String> welcome = nextFrameOf("c1", "welcome");
        assertEquals(List.of("0", "-"), welcome.subList(1, 3), "not a room message, not ephemeral");
        up("frame", "wT", "c1", "{\"type\":\"join\",\"room\":\"hall\"}");
        up("frame", "wT", "c1", "{\"type\":\"say\",\"room\":\"hall\",\"cid\":\"x\",\"text\":\"hi\"}");
        assertTrue(nextFrameOf("c1", "ack").get(3).contains("\"seq\":1"));
        List<String> message = nextFrameOf("c1", "message");
        assertNotEquals("0", message.get(1), "a live message carries its commit time");
        assertTrue(message.get(3).contains("\"cid\":\"x\""), "the sender's copy has its cid");

        up("frame", "wT", "nope", "{\"type\":\"hello\",\"v\":1,\"nick\":\"amy\"}");
        List<String> close;
        do {
            close = next();
        } while (!close.get(1).equals("close"));
        assertEquals(List.of("close", String.valueOf(seq), "nope", "shutting_down"), close.subList(1, 5),
                "a frame for an unknown connection closes it: the client reconnects and resumes");
    }

    @Test
    void aWorkerThatStopsPingingLosesItsConnections() {
        handshake();
        up("open", "wT", "c1");
        up("frame", "wT", "c1", "{\"type\":\"hello\",\"v\":1,\"nick\":\"zed\"}");
        nextFrameOf("c1", "welcome");
        assertEquals(1, hub.connectionCount());
        // No ping from now on: after the worker timeout the service closes c1 (the session detaches).
        List<String> m;
        do {
            m = next();
        } while (!m.get(1).equals("close"));
        assertEquals(List.of("c1", ""), m.subList(3, 5));
        assertEquals(1, chat.sessionCount(), "the session survives, resumable");
    }
}
