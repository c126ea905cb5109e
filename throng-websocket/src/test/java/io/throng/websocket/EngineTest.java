package io.throng.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our client against our engine as a server, over loopback TCP. */
class EngineTest {

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void echoesTextBinaryFragmentedAndLargeMessages() throws Exception {
        try (TestServer server = new TestServer(WebSocketConfig.DEFAULTS.withFragmentSize(4096), ServerHandshake.Options.DEFAULTS, TestServer::echo)) {
            Events events = new Events();
            WebSocket ws = WebSocketClient.connect(server.uri("/echo"),
                    WebSocketClient.Options.DEFAULTS.withConfig(WebSocketConfig.DEFAULTS.withFragmentSize(1000)), events);
            assertEquals(SendResult.QUEUED, ws.sendText("héllo 😀"));
            assertEquals("héllo 😀", events.next(Events.Text.class).text());
            byte[] mib = random(1 << 20);
            ws.sendBinary(ByteBuffer.wrap(mib));
            assertArrayEquals(mib, events.next(Events.Binary.class).data());
            String big = "x".repeat(100_000) + "é";
            ws.sendText(big);
            assertEquals(big, events.next(Events.Text.class).text());
            ws.sendText("");
            assertEquals("", events.next(Events.Text.class).text());
            ws.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), events.next(Events.Pong.class).payload());
            ws.close(4000, "bye");
            assertEquals(SendResult.CLOSED, ws.sendText("too late"));
            assertEquals(new Events.Closed(4000, ""), events.next(Events.Closed.class), "the server echoes our code");
            assertTrue(ws.awaitClosed(Duration.ofSeconds(5)));
        }
    }

    @Test
    void runsOverAnyPairOfChannels() throws Exception {
        java.nio.channels.Pipe toServer = java.nio.channels.Pipe.open();
        java.nio.channels.Pipe toClient = java.nio.channels.Pipe.open();
        Events serverEvents = new Events() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(text.toUpperCase());
            }
        };
        Events clientEvents = new Events();
        WebSocket.start(toServer.source(), toClient.sink(), Role.SERVER, Negotiated.NONE, WebSocketConfig.DEFAULTS, null, serverEvents);
        WebSocket client = WebSocket.start(toClient.source(), toServer.sink(), Role.CLIENT, Negotiated.NONE,
                WebSocketConfig.DEFAULTS, null, clientEvents);
        client.sendText("over pipes");
        assertEquals("OVER PIPES", clientEvents.next(Events.Text.class).text());
        client.close(1000, "done");
        assertEquals(1000, clientEvents.next(Events.Closed.class).code());
        assertEquals(new Events.Closed(1000, "done"), serverEvents.next(Events.Closed.class));
    }

    @Test
    void serverInitiatedCloseReachesTheClientWithCodeAndReason() throws Exception {
        Events serverSide = new Events();
        try (TestServer server = new TestServer(WebSocketConfig.DEFAULTS, ServerHandshake.Options.DEFAULTS, () -> new Events() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.close(4001, "closing: " + text);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                serverSide.onClose(ws, code, reason);
            }
        })) {
            Events events = new Events();
            WebSocket ws = WebSocketClient.connect(server.uri("/"), WebSocketClient.Options.DEFAULTS, events);
            ws.sendText("now");
            assertEquals(new Events.Closed(4001, "closing: now"), events.next(Events.Closed.class));
            assertEquals(4001, serverSide.next(Events.Closed.class).code(), "the client echoed the code");
        }
    }

    @Test
    void permessageDeflateEndToEnd() throws Exception {
        for (DeflateOptions d : List.of(DeflateOptions.ENABLED, DeflateOptions.ENABLED.withNoContextTakeover(true, true))) {
            WebSocketConfig config = WebSocketConfig.DEFAULTS.withDeflate(d).withFragmentSize(777);
            try (TestServer server = new TestServer(config, ServerHandshake.Options.DEFAULTS.withDeflate(d), TestServer::echo)) {
                Events events = new Events();
                WebSocket ws = WebSocketClient.connect(server.uri("/"), WebSocketClient.Options.DEFAULTS.withConfig(config), events);
                assertNotNull(ws.negotiated().deflate());
                for (int i = 0; i < 5; i++) {
                    String text = "compress me " + i + " ".repeat(5000) + "ü";
                    ws.sendText(text);
                    assertEquals(text, events.next(Events.Text.class).text());
                }
                byte[] mib = random(1 << 20);
                ws.sendBinary(ByteBuffer.wrap(mib));
                assertArrayEquals(mib, events.next(Events.Binary.class).data());
                ws.close();
                assertEquals(1000, events.next(Events.Closed.class).code());
            }
        }
    }

    @Test
    void deflateIsOffUnlessBothSidesWantIt() throws Exception {
        try (TestServer server = new TestServer(WebSocketConfig.DEFAULTS, ServerHandshake.Options.DEFAULTS, TestServer::echo)) {
            WebSocketConfig wants = WebSocketConfig.DEFAULTS.withDeflate(DeflateOptions.ENABLED);
            WebSocket ws = WebSocketClient.connect(server.uri("/"), WebSocketClient.Options.DEFAULTS.withConfig(wants), new Events());
            assertNull(ws.negotiated().deflate());
            ws.abort();
        }
    }

    @Test
    void subprotocolAndOriginNegotiation() throws Exception {
        ServerHandshake.Options options = ServerHandshake.Options.DEFAULTS.withSubprotocols(List.of("chat.v2", "chat.v1"))
                .withOriginAllowed(origin -> origin == null || origin.equals("http://good.example"));
        try (TestServer server = new TestServer(WebSocketConfig.DEFAULTS, options, TestServer::echo)) {
            WebSocket ws = WebSocketClient.connect(server.uri("/"), WebSocketClient.Options.DEFAULTS
                    .withSubprotocols(List.of("chat.v1", "chat.v2")), new Events());
            assertEquals("chat.v1", ws.subprotocol(), "the client's first choice among ours");
            ws.close();
            IOException refused = assertThrows(IOException.class, () -> WebSocketClient.connect(server.uri("/"),
                    WebSocketClient.Options.DEFAULTS.withFields(java.util.Map.of("Origin", "http://evil.example")), new Events()));
            assertTrue(refused.getMessage().contains("403"), refused.getMessage());
        }
    }

    @Test
    void handshakeRejectsBadRequests() {
        var opts = ServerHandshake.Options.DEFAULTS;
        java.util.Map<String, String> good = java.util.Map.of("upgrade", "websocket", "connection", "keep-alive, Upgrade",
                "sec-websocket-version", "13", "sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==");
        var accepted = (ServerHandshake.Accepted) ServerHandshake.negotiate("GET", good::get, opts);
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", accepted.fields().get("Sec-WebSocket-Accept"), "RFC 6455 §1.3 example");
        assertEquals(405, ((ServerHandshake.Rejected) ServerHandshake.negotiate("POST", good::get, opts)).status());
        var v8 = new java.util.HashMap<>(good);
        v8.put("sec-websocket-version", "8");
        var upgradeRequired = (ServerHandshake.Rejected) ServerHandshake.negotiate("GET", v8::get, opts);
        assertEquals(426, upgradeRequired.status());
        assertEquals("13", upgradeRequired.fields().get("Sec-WebSocket-Version"));
        var badKey = new java.util.HashMap<>(good);
        badKey.put("sec-websocket-key", "short");
        assertEquals(400, ((ServerHandshake.Rejected) ServerHandshake.negotiate("GET", badKey::get, opts)).status());
        var noUpgrade = new java.util.HashMap<>(good);
        noUpgrade.remove("upgrade");
        assertEquals(400, ((ServerHandshake.Rejected) ServerHandshake.negotiate("GET", noUpgrade::get, opts)).status());
    }

    @Test
    void clientRefusesAWrongAcceptOrAnUnofferedExtension() throws Exception {
        for (String answer : List.of(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n"
                        + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n")) {
            try (java.net.ServerSocket fake = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                Thread t = Thread.ofVirtual().start(() -> {
                    try (java.net.Socket s = fake.accept()) {
                        HttpHead head = HttpHead.read(java.nio.channels.Channels.newChannel(s.getInputStream()));
                        String accept = Handshake.accept(head.value("sec-websocket-key"));
                        s.getOutputStream().write(answer.replace("{accept}", accept).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                        s.getInputStream().read(); // until the client hangs up
                    } catch (IOException ignored) {
                        // the client hung up
                    }
                });
                assertThrows(IOException.class, () -> WebSocketClient.connect(
                        java.net.URI.create("ws://127.0.0.1:" + fake.getLocalPort() + "/"), WebSocketClient.Options.DEFAULTS, new Events()));
                t.join(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void broadcastEncodesOnceAndReachesEveryConnection() throws Exception {
        try (TestServer server = new TestServer(WebSocketConfig.DEFAULTS, ServerHandshake.Options.DEFAULTS, () -> new WebSocketListener() {})) {
            int n = 20;
            Events[] clients = new Events[n];
            for (int i = 0; i < n; i++) {
                clients[i] = new Events();
                WebSocketClient.connect(server.uri("/"), WebSocketClient.Options.DEFAULTS, clients[i]);
            }
            awaitCondition(() -> server.connections.size() == n);
            Broadcast.Result r = Broadcast.text(server.connections, "to all");
            assertEquals(new Broadcast.Result(n, 0, 0), r);
            for (Events c : clients) {
                assertEquals("to all", c.next(Events.Text.class).text());
            }
        }
    }

    @Test
    void idleTimeoutClosesWith1001() throws Exception {
        WebSocketConfig config = WebSocketConfig.DEFAULTS.withTimers(Duration.ZERO, Duration.ofMillis(300), Duration.ofSeconds(2));
        try (TestServer server = new TestServer(config, ServerHandshake.Options.DEFAULTS, TestServer::echo)) {
            Events events = new Events();
            WebSocketClient.connect(server.uri("/"), WebSocketClient.Options.DEFAULTS, events);
            assertEquals(1001, events.next(Events.Closed.class).code());
        }
    }

    @Test
    void aListenerThatThrowsFailsTheConnectionWith1011() throws Exception {
        try (TestServer server = new TestServer(WebSocketConfig.DEFAULTS, ServerHandshake.Options.DEFAULTS, () -> new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                throw new IllegalStateException("boom");
            }
        })) {
            Events events = new Events();
            WebSocket ws = WebSocketClient.connect(server.uri("/"), WebSocketClient.Options.DEFAULTS, events);
            ws.sendText("x");
            assertEquals(1011, events.next(Events.Closed.class).code());
            assertFalse(ws.isOpen());
        }
    }

    static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5); // polling a condition with a deadline, not synchronising on time
        }
    }
}
