package io.throng.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Our client against real servers (Python's websockets 10, Node's ws 8), and our engine as a server
 * driven by Python's websockets client. Every peer is strict: a framing, masking, UTF-8 or deflate
 * mistake of ours makes it close the connection with an error code, which these tests would see.
 */
class InteropTest {
    private static final Path NODE_DIR = PeerProcess.TEST_DIR.resolve("node");

    private static PeerProcess pythonServer(boolean deflate) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PeerProcess.PYTHON.toString(), "echo_server.py"));
        if (deflate) {
            cmd.add("--deflate");
        }
        return new PeerProcess(cmd, PeerProcess.TEST_DIR.resolve("python"));
    }

    private static PeerProcess nodeServer(boolean deflate) throws Exception {
        PeerProcess.npmInstall(NODE_DIR);
        List<String> cmd = new ArrayList<>(List.of("node", "echo_server.js"));
        if (deflate) {
            cmd.add("--deflate");
        }
        return new PeerProcess(cmd, NODE_DIR);
    }

    /** The conversation every server peer must hold with our client. */
    private static WebSocket converse(int port, WebSocketConfig config) throws Exception {
        Events events = new Events();
        WebSocket ws = WebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo"),
                WebSocketClient.Options.DEFAULTS.withConfig(config), events);
        ws.sendText("héllo 😀");
        assertEquals("héllo 😀", events.next(Events.Text.class).text());
        byte[] mib = new byte[1 << 20];
        new Random(1).nextBytes(mib);
        ws.sendBinary(ByteBuffer.wrap(mib));
        assertArrayEquals(mib, events.next(Events.Binary.class).data(), "1 MiB binary");
        String repeated = "compressible text ".repeat(10_000) + "κόσμε";
        for (int i = 0; i < 3; i++) {
            ws.sendText(repeated); // with context takeover, the 2nd and 3rd refer back into the 1st
            assertEquals(repeated, events.next(Events.Text.class).text());
        }
        ws.sendBinary(ByteBuffer.allocate(0));
        assertEquals(0, events.next(Events.Binary.class).data().length);
        ws.sendPing(ByteBuffer.wrap("ping?".getBytes()));
        assertEquals(ByteBuffer.wrap("ping?".getBytes()), events.next(Events.Pong.class).payload());
        ws.sendText("close-me");
        assertEquals(new Events.Closed(4001, "server says bye"), events.next(Events.Closed.class));
        assertTrue(ws.awaitClosed(Duration.ofSeconds(10)));
        // And a close we start: the peer echoes our code.
        Events second = new Events();
        WebSocket other = WebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo"),
                WebSocketClient.Options.DEFAULTS.withConfig(config), second);
        other.sendText("one more");
        assertEquals("one more", second.next(Events.Text.class).text());
        other.close(4002, "client says bye");
        assertEquals(4002, second.next(Events.Closed.class).code());
        return ws;
    }

    private static WebSocketConfig fragmenting() {
        return WebSocketConfig.DEFAULTS.withFragmentSize(16 * 1024);
    }

    private static int port(PeerProcess peer) throws InterruptedException {
        return Integer.parseInt(peer.nextLine().trim());
    }

    @Test
    void clientAgainstPythonWebsockets() throws Exception {
        try (PeerProcess peer = pythonServer(false)) {
            assertNull(converse(port(peer), fragmenting()).negotiated().deflate());
        }
    }

    @Test
    void clientWithDeflateAgainstPythonWebsockets() throws Exception {
        try (PeerProcess peer = pythonServer(true)) {
            int port = port(peer);
            DeflateParameters d = converse(port, fragmenting().withDeflate(DeflateOptions.ENABLED)).negotiated().deflate();
            assertEquals(12, d.serverMaxWindowBits(), "websockets compresses with a 4 KiB window; we inflate anything");
            // Offering client_max_window_bits makes websockets ask for 12 bits: we compress Huffman-only.
            DeflateParameters limited = converse(port, fragmenting()
                    .withDeflate(DeflateOptions.ENABLED.withOfferClientMaxWindowBits(true))).negotiated().deflate();
            assertEquals(12, limited.clientMaxWindowBits());
            // No context takeover both ways.
            DeflateParameters reset = converse(port, fragmenting()
                    .withDeflate(DeflateOptions.ENABLED.withNoContextTakeover(true, true))).negotiated().deflate();
            assertTrue(reset.serverNoContextTakeover() && reset.clientNoContextTakeover(), reset.toString());
        }
    }

    @Test
    void clientAgainstNodeWs() throws Exception {
        try (PeerProcess peer = nodeServer(false)) {
            assertNull(converse(port(peer), fragmenting()).negotiated().deflate());
        }
    }

    @Test
    void clientWithDeflateAgainstNodeWs() throws Exception {
        try (PeerProcess peer = nodeServer(true)) {
            int port = port(peer);
            assertNotNull(converse(port, fragmenting().withDeflate(DeflateOptions.ENABLED)).negotiated().deflate());
            assertNotNull(converse(port, fragmenting().withDeflate(DeflateOptions.ENABLED.withNoContextTakeover(true, true)))
                    .negotiated().deflate());
        }
    }

    /** Our engine as a server, driven by Python's websockets client (no HTTP router yet: {@link TestServer}). */
    @Test
    void serverDrivenByPythonWebsocketsClient() throws Exception {
        WebSocketConfig config = WebSocketConfig.DEFAULTS.withFragmentSize(64 * 1024).withDeflate(DeflateOptions.ENABLED);
        try (TestServer server = new TestServer(config, ServerHandshake.Options.DEFAULTS.withDeflate(DeflateOptions.ENABLED), () -> new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (text.equals("close-me")) {
                    ws.close(4001, "server says bye");
                } else {
                    ws.sendText(text);
                }
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                ws.sendBinary(data);
            }
        })) {
            for (String mode : List.of("--plain", "--deflate", "--deflate-window=10")) {
                try (PeerProcess client = new PeerProcess(List.of(PeerProcess.PYTHON.toString(), "client.py",
                        String.valueOf(server.port()), mode), PeerProcess.TEST_DIR.resolve("python"))) {
                    assertEquals(0, client.awaitExit(120), mode + ":\n" + client.transcript());
                    String out = client.transcript();
                    assertTrue(out.contains("close 4001 ok"), out);
                    assertEquals(!mode.equals("--plain"), out.contains("PerMessageDeflate"), mode + ": " + out);
                }
            }
        }
    }
}
