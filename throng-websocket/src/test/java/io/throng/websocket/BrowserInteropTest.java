package io.throng.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Headless Debian {@code chromium}'s own {@code WebSocket} (driven by npm's {@code playwright-core},
 * {@code src/test/browser/websocket.mjs}) against our engine as a server: text, ArrayBuffer binary, 1 MiB
 * messages both ways, permessage-deflate as Chromium negotiates it, a close the page starts (code and reason seen
 * by the server) and one the server starts (seen by the page). Chromium fails the connection on any framing,
 * masking, UTF-8 or deflate mistake of ours, and the page would then see 1006 instead of a clean close.
 */
class BrowserInteropTest {
    private static final Path BROWSER_DIR = PeerProcess.TEST_DIR.resolve("browser");

    @Test
    void chromiumTalksToOurServer() throws Exception {
        PeerProcess.npmInstall(BROWSER_DIR, "playwright-core");
        LinkedBlockingQueue<Events.Closed> serverSaw = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Negotiated> negotiated = new LinkedBlockingQueue<>();
        WebSocketConfig config = WebSocketConfig.DEFAULTS.withDeflate(DeflateOptions.ENABLED);
        try (TestServer server = new TestServer(config, ServerHandshake.Options.DEFAULTS.withDeflate(DeflateOptions.ENABLED),
                () -> new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        negotiated.add(ws.negotiated());
                    }

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

                    @Override
                    public void onClose(WebSocket ws, int code, String reason) {
                        serverSaw.add(new Events.Closed(code, reason));
                    }
                });
             PeerProcess page = new PeerProcess(List.of("node", "websocket.mjs", server.uri("/echo").toString()),
                     BROWSER_DIR)) {
            assertEquals(0, page.awaitExit(150), page.transcript());
            Map<String, String> seen = new HashMap<>();
            for (String line : page.transcript().split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    seen.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            String all = page.transcript();
            assertTrue(seen.getOrDefault("extensions", "").startsWith("permessage-deflate"), all);
            assertNotNull(negotiated.poll(10, TimeUnit.SECONDS).deflate(), "the server agreed to deflate too");
            assertEquals("héllo 😀", seen.get("text"), all);
            assertEquals("true", seen.get("binaryIsArrayBuffer"), all);
            assertEquals("true", seen.get("binaryOk"), all);
            assertEquals("true", seen.get("bigBinaryOk"), all);
            assertEquals("true", seen.get("bigTextOk"), all);
            // Our server's answering close frame repeats the code, not the reason (RFC 6455 §5.5.1 allows either).
            assertEquals("4000 true", seen.get("clientClose").strip(), all);
            assertEquals("4001 true server says bye", seen.get("serverClose"), all);
            assertEquals("", seen.get("pageErrors"), all);
            assertEquals(new Events.Closed(4000, "client bye"), serverSaw.poll(10, TimeUnit.SECONDS));
            assertEquals(4001, serverSaw.poll(10, TimeUnit.SECONDS).code(), "Chromium echoed our close code");
        }
    }
}
