package io.throng.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The outbound queue is drained on demand: an idle connection has no thread but its reader, and a
 * send from a connection's own reader (a broadcast in a handler) never writes to other peers itself.
 */
class DrainTest {
    private static final Pattern NAME = Pattern.compile("\"name\": \"(ws-[a-z]+)[^\"]*\"");

    /** Live threads named ws-*, by kind (ws-read, ws-drain, ...), from the JDK's thread dump, which lists virtual threads. */
    static Map<String, Integer> wsThreads() throws IOException {
        Path file = Files.createTempDirectory("threads").resolve("dump.json");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            Map<String, Integer> kinds = new TreeMap<>();
            Matcher m = NAME.matcher(Files.readString(file));
            while (m.find()) {
                kinds.merge(m.group(1), 1, Integer::sum);
            }
            return kinds;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        }
    }

    @Test
    void anIdleConnectionHasNoThreadButItsReader() throws Exception {
        int n = 20;
        try (TestServer server = new TestServer(WebSocketConfig.DEFAULTS, ServerHandshake.Options.DEFAULTS, TestServer::echo)) {
            List<WebSocket> clients = new ArrayList<>();
            List<Events> events = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Events e = new Events();
                events.add(e);
                clients.add(WebSocketClient.connect(server.uri("/echo"), WebSocketClient.Options.DEFAULTS, e));
            }
            EngineTest.awaitCondition(() -> server.connections.size() == n);
            // On each connection: an echo (drained inline by the server's reader), a ping answered by
            // that reader, and a send from this thread on each side (drained by a short-lived thread).
            for (int i = 0; i < n; i++) {
                clients.get(i).sendText("echo " + i);
                assertEquals("echo " + i, events.get(i).next(Events.Text.class).text());
            }
            for (int i = 0; i < n; i++) { // server.connections is in accept order, not the clients' order
                clients.get(i).sendPing(ByteBuffer.wrap(new byte[] {(byte) i}));
                server.connections.get(i).sendText("push");
            }
            for (int i = 0; i < n; i++) {
                java.util.Set<String> got = new java.util.HashSet<>();
                for (int k = 0; k < 2; k++) {
                    switch (events.get(i).next()) {
                        case Events.Text t -> got.add(t.text());
                        case Events.Pong p -> got.add("pong " + p.payload().get(0));
                        case Events.Event e -> throw new AssertionError("unexpected " + e);
                    }
                }
                assertEquals(java.util.Set.of("push", "pong " + i), got);
            }
            // Every drainer exits once its queue is empty: 2n connections, 2n readers, nothing else.
            Map<String, Integer>[] last = new Map[1];
            try {
                EngineTest.awaitCondition(() -> {
                    try {
                        last[0] = wsThreads();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return last[0].equals(Map.of("ws-read", 2 * n));
                });
            } catch (AssertionError e) {
                throw new AssertionError("ws threads: " + last[0], e);
            }
            for (WebSocket c : clients) {
                c.close();
                assertTrue(c.awaitClosed(Duration.ofSeconds(5)));
            }
        }
    }

    /**
     * A handler that broadcasts from its reader to a peer that never reads, next to two that do: the
     * reader writes only to its own peer, so neither the sender nor the other member waits for the
     * slow one, whose queue stays within its bound (DROP: it loses messages and stays open).
     */
    @Test
    void aBroadcastFromAReaderNeverWritesToAnotherPeer() throws Exception {
        long bound = 256 * 1024;
        WebSocketConfig config = WebSocketConfig.DEFAULTS.withQueueBounds(1000, bound, OverflowPolicy.DROP)
                .withTimers(Duration.ZERO, Duration.ZERO, Duration.ofMillis(500));
        List<WebSocket> members = new java.util.concurrent.CopyOnWriteArrayList<>();
        int[] dropped = {0};
        long[] maxQueued = {0};
        try (TestServer server = new TestServer(config, ServerHandshake.Options.DEFAULTS, () -> new WebSocketListener() {
                @Override
                public void onOpen(WebSocket ws) {
                    members.add(ws);
                }

                @Override
                public void onBinary(WebSocket ws, ByteBuffer data) {
                    dropped[0] += Broadcast.binary(members, data).dropped();
                    for (WebSocket m : members) {
                        maxQueued[0] = Math.max(maxQueued[0], m.queuedBytes());
                    }
                }
            });
             RawPeer slow = new RawPeer(server.port(), 4096)) {
            EngineTest.awaitCondition(() -> members.size() == 1);
            Events sender = new Events();
            Events other = new Events();
            WebSocket ws = WebSocketClient.connect(server.uri("/"), WebSocketClient.Options.DEFAULTS, sender);
            WebSocketClient.connect(server.uri("/"), WebSocketClient.Options.DEFAULTS, other);
            EngineTest.awaitCondition(() -> members.size() == 3);
            byte[] payload = new byte[32 * 1024];
            for (int i = 0; i < 300; i++) { // 9.4 MiB per member: far beyond the slow one's buffers and bound
                ByteBuffer.wrap(payload).putInt(0, i);
                ws.sendBinary(ByteBuffer.wrap(payload));
                assertArrayEquals(payload, sender.next(Events.Binary.class).data());
                assertArrayEquals(payload, other.next(Events.Binary.class).data());
            }
            assertTrue(dropped[0] > 0, "the slow peer had messages dropped");
            assertTrue(maxQueued[0] <= bound, "queued " + maxQueued[0] + " > bound " + bound);
            assertTrue(members.getFirst().isOpen(), "DROP keeps the slow connection");
        }
    }
}
