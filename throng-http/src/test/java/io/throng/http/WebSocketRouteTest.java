package io.throng.http;

import static org.junit.jupiter.api.Assertions.*;

import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketClient;
import io.throng.websocket.WebSocketListener;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebSocket through the HTTP router: the upgrade, refusals, real peers, and shutdown reaching open sockets. */
class WebSocketRouteTest {
    private HttpServer server;

    /** Echoes, and counts how many connections were opened, from the server's side. */
    private final BlockingQueue<String> opened = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        Router r = new Router()
                .get("/plain", (req, res) -> res.send("plain"))
                .get("/ws", new WebSocketRoute(() -> new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        opened.add("open");
                    }

                    @Override
                    public void onText(WebSocket ws, String text) {
                        ws.sendText(text);
                    }

                    @Override
                    public void onBinary(WebSocket ws, ByteBuffer data) {
                        ws.sendBinary(data);
                    }
                }));
        server = HttpServer.start("127.0.0.1", 0, r);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Collects what a client connection receives. */
    static final class Inbox implements WebSocketListener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();

        @Override
        public void onText(WebSocket ws, String text) {
            messages.add(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            messages.add(b);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            closes.add(code);
        }

        Object next() throws InterruptedException {
            Object m = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "no message within 10 s");
            return m;
        }
    }

    @Test
    void upgradedConnectionEchoesTextAndBinaryWhileHttpGoesOn() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = WebSocketClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                WebSocketClient.Options.DEFAULTS, inbox);
        ws.sendText("héllo");
        assertEquals("héllo", inbox.next());
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        ws.sendBinary(ByteBuffer.wrap(big));
        assertArrayEquals(big, (byte[]) inbox.next());
        try (Raw raw = new Raw(server.port())) { // plain HTTP on another connection is unaffected
            raw.send("GET /plain HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(raw.readResponse().endsWith("plain"));
        }
        ws.close(1000, "done");
        assertEquals(1000, inbox.closes.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void requestsThatAreNotUpgradesAreRefusedWithHttpStatuses() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(raw.readResponse().startsWith("HTTP/1.1 400 "), "no Upgrade field");
        }
        try (Raw raw = new Raw(server.port())) {
            raw.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
            String r = raw.readResponse();
            assertTrue(r.startsWith("HTTP/1.1 426 "), r);
            assertTrue(r.contains("Sec-WebSocket-Version: 13"), r);
        }
        assertNull(opened.poll(), "no WebSocket was opened");
    }

    @Test
    void theRfcSampleHandshakeIsAnsweredExactly() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            String head = raw.readUntil("\r\n\r\n", 1);
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), head);
        }
    }

    @Test
    void pythonWebsocketsClientEchoesThroughTheRouter() throws Exception {
        Path script = Files.createTempFile("ws-client", ".py");
        Files.writeString(script, """
                import asyncio, sys, websockets
                async def main():
                    async with websockets.connect(sys.argv[1], compression="deflate") as ws:
                        await ws.send("hello from python"); print(await ws.recv())
                        await ws.send(bytes(range(256)) * 100); print(len(await ws.recv()))
                asyncio.run(main())
                """);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(),
                "ws://127.0.0.1:" + server.port() + "/ws").redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "python client finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Files.delete(script);
        assertEquals(0, p.exitValue(), out);
        assertEquals("hello from python\n25600\n", out);
    }

    @Test
    void shutdownClosesOpenWebSockets() throws Exception {
        Inbox inbox = new Inbox();
        WebSocketClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                WebSocketClient.Options.DEFAULTS, inbox);
        assertEquals("open", opened.poll(10, TimeUnit.SECONDS));
        server.shutdown(Duration.ofMillis(200));
        assertNotNull(inbox.closes.poll(10, TimeUnit.SECONDS), "the client saw its WebSocket end");
    }
}
