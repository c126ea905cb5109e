package io.throng.chat.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A front-end worker made of bare JeroMQ sockets, speaking exactly docs/chat-protocol.md §8.2, that
 * keeps every frame and close the room service sent it, in arrival order (a frames message's frames
 * expanded per connection), checking the sequence numbers.
 */
final class FakeWorker implements AutoCloseable {
    /** A frame line for connection {@code conn}, or (with {@code close} set) the service's close of it. */
    record Line(String conn, String flags, String json, boolean close, String reason) {
        boolean is(String c, String type) {
            return !close && conn.equals(c) && json.startsWith("{\"type\":\"" + type + "\"");
        }
    }

    final String id;
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket push;
    private final ZMQ.Socket sub;
    private long seq;
    final List<Line> seen = new ArrayList<>();
    /** Per frames message received: {distinct frames, deliveries}. */
    final List<int[]> framesMessages = new ArrayList<>();

    FakeWorker(RoomServiceHub hub, String id) {
        this.id = id;
        context.setLinger(0);
        push = context.createSocket(SocketType.PUSH);
        push.setSndHWM(LinkProtocol.HIGH_WATER);
        push.connect(hub.requestEndpoint());
        sub = context.createSocket(SocketType.SUB);
        sub.setRcvHWM(LinkProtocol.HIGH_WATER);
        sub.setReceiveTimeOut(LinkProtocol.POLL_MILLIS);
        sub.subscribe(id.getBytes());
        sub.connect(hub.eventEndpoint());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            up("hello", id); // repeated: the first message of a new connection may be lost
            List<String> m = LinkProtocol.receive(sub);
            if (m != null && m.get(0).equals(id)) {
                assertEquals("welcome", m.get(1));
                seq = Long.parseLong(m.get(2));
                return;
            }
        }
        throw new AssertionError("no welcome");
    }

    void up(String... parts) {
        assertTrue(LinkProtocol.send(push, List.of(parts)));
    }

    void open(String conn) {
        up("open", id, conn);
    }

    void frame(String conn, String json) {
        up("frame", id, conn, json);
    }

    /** Reads until {@code done} holds for everything seen so far; fails after 30 s. Pings while waiting. */
    void await(Predicate<List<Line>> done, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long nextPing = 0;
        while (!done.test(seen)) {
            long now = System.nanoTime();
            assertTrue(now < end, "not within 30 s: " + what);
            if (now >= nextPing) {
                up("ping", id, "");
                nextPing = now + TimeUnit.MILLISECONDS.toNanos(LinkProtocol.PING_MILLIS);
            }
            List<String> m = LinkProtocol.receive(sub);
            if (m == null || !m.get(0).equals(id)) {
                continue;
            }
            assertEquals(++seq, Long.parseLong(m.get(2)), "sequence numbers have no hole: " + m.subList(0, 3));
            switch (m.get(1)) {
                case "frames" -> {
                    assertEquals(5, m.size(), "W frames SEQ BODIES TARGETS");
                    List<String[]> bodies = new ArrayList<>();
                    for (String line : m.get(3).split("\n")) {
                        bodies.add(line.split(" ", 3));
                    }
                    int delivered = 0;
                    for (String line : m.get(4).split("\n")) {
                        String[] t = line.split(" ");
                        for (int i = 1; i < t.length; i++) {
                            String[] f = bodies.get(Integer.parseInt(t[i]));
                            seen.add(new Line(t[0], f[1], f[2], false, null));
                            delivered++;
                        }
                    }
                    framesMessages.add(new int[] {bodies.size(), delivered});
                }
                case "frame" -> {
                    assertEquals(5, m.size(), "W frame SEQ C BODY");
                    String[] f = m.get(4).split(" ", 3);
                    seen.add(new Line(m.get(3), f[1], f[2], false, null));
                }
                case "close" -> seen.add(new Line(m.get(3), null, null, true, m.get(4)));
                default -> { }
            }
        }
    }

    /** How many frames of {@code type} for {@code conn} were seen. */
    long count(String conn, String type) {
        return seen.stream().filter(l -> l.is(conn, type)).count();
    }

    @Override
    public void close() {
        context.close();
    }
}
