package io.throng.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.MemoryStream;
import io.throng.websocket.codec.Opcode;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Peers that do not play by the rules, against our engine as a server. */
class HostileTest {
    private static final int MESSAGE = 64 * 1024;
    private static final long BOUND = 512 * 1024;

    private static WebSocketConfig bounded(OverflowPolicy policy) {
        return WebSocketConfig.DEFAULTS.withQueueBounds(1000, BOUND, policy)
                .withTimers(Duration.ZERO, Duration.ZERO, Duration.ofMillis(500));
    }

    /**
     * A client that never reads, next to one that does: the broadcaster never blocks, the slow one's
     * queue never passes its bound, and with DROP it stays open losing messages.
     */
    @Test
    void neverReadingPeerIsBoundedAndDoesNotHoldUpOthersWithDrop() throws Exception {
        try (TestServer server = new TestServer(bounded(OverflowPolicy.DROP), ServerHandshake.Options.DEFAULTS, () -> new WebSocketListener() {});
             RawPeer slow = new RawPeer(server.port(), 4096)) {
            Events fast = new Events();
            WebSocketClient.connect(server.uri("/"), WebSocketClient.Options.DEFAULTS, fast);
            EngineTest.awaitCondition(() -> server.connections.size() == 2);
            WebSocket slowSide = server.connections.stream().filter(ws -> ws.id() == server.connections.stream()
                    .mapToLong(WebSocket::id).min().orElseThrow()).findFirst().orElseThrow();
            List<WebSocket> all = List.copyOf(server.connections);
            byte[] payload = new byte[MESSAGE];
            int rounds = 200; // 12.5 MiB per receiver: far more than socket buffers plus the queue bound
            AtomicLong maxQueued = new AtomicLong();
            int[] dropped = {0};
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int i = 0; i < rounds; i++) {
                    ByteBuffer.wrap(payload).putInt(0, i);
                    Broadcast.Result r = Broadcast.binary(all, ByteBuffer.wrap(payload));
                    dropped[0] += r.dropped();
                    maxQueued.accumulateAndGet(slowSide.queuedBytes(), Math::max);
                    // The fast client keeps up: wait for its copy before the next round.
                    Events.Binary got = fast.next(Events.Binary.class);
                    assertEquals(i, ByteBuffer.wrap(got.data()).getInt(0));
                }
            });
            assertTrue(dropped[0] > 0, "the slow peer had messages dropped");
            assertTrue(maxQueued.get() <= BOUND, "queued " + maxQueued.get() + " > bound " + BOUND);
            assertTrue(slowSide.isOpen(), "DROP keeps the connection");
        }
    }

    @Test
    void neverReadingPeerIsClosedWithTryAgainLater() throws Exception {
        Events serverEvents = new Events();
        try (TestServer server = new TestServer(bounded(OverflowPolicy.CLOSE_TRY_AGAIN_LATER), ServerHandshake.Options.DEFAULTS, () -> serverEvents);
             RawPeer slow = new RawPeer(server.port(), 4096)) {
            EngineTest.awaitCondition(() -> server.connections.size() == 1);
            WebSocket ws = server.connections.getFirst();
            SendResult last = SendResult.QUEUED;
            for (int i = 0; i < 1000 && last == SendResult.QUEUED; i++) {
                last = ws.sendBinary(ByteBuffer.allocate(MESSAGE));
            }
            assertEquals(SendResult.CLOSED, last, "the policy closed the connection");
            assertEquals(SendResult.CLOSED, ws.sendText("after"));
            // The peer never reads, so it never answers the close: the close timeout ends the connection.
            assertEquals(1006, serverEvents.next(Events.Closed.class).code());
        }
    }

    @Test
    void peerVanishingWithoutCloseIsNoticedAt1006() throws Exception {
        Events serverEvents = new Events();
        try (TestServer server = new TestServer(WebSocketConfig.DEFAULTS, ServerHandshake.Options.DEFAULTS, () -> serverEvents)) {
            RawPeer peer = new RawPeer(server.port(), 0);
            peer.send(RawPeer.frame(true, Opcode.TEXT, "hi".getBytes(StandardCharsets.UTF_8)));
            assertEquals("hi", serverEvents.next(Events.Text.class).text());
            peer.close();
            assertEquals(1006, serverEvents.next(Events.Closed.class).code());
        }
    }

    @Test
    void silentPeerIsDetectedByPingWhileALiveOneStays() throws Exception {
        WebSocketConfig config = WebSocketConfig.DEFAULTS.withTimers(Duration.ofMillis(500), Duration.ZERO, Duration.ofSeconds(1));
        Events serverEvents = new Events() {
            @Override
            public void onPong(WebSocket ws, ByteBuffer payload) {
                // both peers' pongs would interleave with the events this test waits for
            }
        };
        try (TestServer server = new TestServer(config, ServerHandshake.Options.DEFAULTS, () -> serverEvents);
             RawPeer silent = new RawPeer(server.port(), 0)) {
            EngineTest.awaitCondition(() -> server.connections.size() == 1);
            Events live = new Events();
            WebSocket liveClient = WebSocketClient.connect(server.uri("/"), WebSocketClient.Options.DEFAULTS, live);
            // The silent peer's kernel still ACKs, like a half-open connection whose application is gone.
            assertEquals(1006, serverEvents.next(Events.Closed.class).code());
            assertTrue(liveClient.isOpen());
            liveClient.sendText("still here");
            assertEquals("still here", serverEvents.next(Events.Text.class).text(), "the live one answers pings and stays");
        }
    }

    /**
     * Our engine as a server on one end of an in-memory stream, {@code wire} written to the other: no socket
     * and no handshake, which only the frames' parsing is tested here. The code of the server's close
     * frame, once the server has hung up.
     */
    private static int closeCodeFor(byte[] wire, WebSocketConfig config) throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            WebSocket.start(p.server(), Role.SERVER, Negotiated.NONE, config, null, TestServer.echo());
            p.client().write(ByteBuffer.wrap(wire));
            InputStream in = Channels.newInputStream(p.client());
            return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                int code = RawPeer.awaitCloseCode(in);
                while (in.read(new byte[8192]) >= 0) {
                    // the server hangs up after failing the connection: end of stream
                }
                return code;
            });
        }
    }

    @Test
    void malformedAndOversizedFramesFailTheConnectionWithTheRightCode() throws Exception {
        WebSocketConfig small = WebSocketConfig.DEFAULTS.withMaxMessageSize(1024);
        assertEquals(1002, closeCodeFor(new byte[] {(byte) 0x81, 0x01, 'x'}, small), "unmasked client frame");
        assertEquals(1002, closeCodeFor(RawPeer.frame(true, 0x3, new byte[0]), small), "reserved opcode");
        assertEquals(1009, closeCodeFor(new byte[] {(byte) 0x82, (byte) 0xFF, 0, 0, 0, 0, 0x40, 0, 0, 0, 1, 2, 3, 4}, small), "1 GiB frame header");
        assertEquals(1009, closeCodeFor(RawPeer.frame(true, Opcode.BINARY, new byte[2000]), small), "over the message limit");
        assertEquals(1007, closeCodeFor(RawPeer.frame(true, Opcode.TEXT, new byte[] {'a', (byte) 0xC0, (byte) 0x80}), small), "overlong UTF-8");
        assertEquals(1002, closeCodeFor(RawPeer.frame(true, Opcode.CLOSE, new byte[] {0x03, (byte) 0xED}), small), "close code 1005 on the wire");
        assertEquals(1002, closeCodeFor(RawPeer.frame(false, Opcode.PING, new byte[0]), small), "fragmented ping");
    }
}
