package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same client-side scenarios against a real Mongrel2 or Throng's gateway ({@link #startFront}),
 * whichever handler serves them. Subclasses start the handler (Java SDK or the Python module) on the
 * route's endpoints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InteropScenarios {

    static final String SEND_IDENT = "34f9ceee-cd52-4b7f-b197-88bf2f0ec378";

    Path dir;
    Front server;

    /** Starts the handler under test, connected to {@code endpoints}; it must be serving on return. */
    abstract AutoCloseable startHandler(Mongrel2.Endpoints endpoints) throws Exception;

    /** Header protocol of the route ("json" or "tnetstring"). */
    abstract String protocol();

    private AutoCloseable handler;

    /** Starts the server under test with one route, {@code /}; a real Mongrel2 unless overridden. */
    Front startFront(Path dir) throws Exception {
        Mongrel2.assumeInstalled();
        return Mongrel2.start(dir, List.of(new Mongrel2.Route("/", SEND_IDENT, protocol())));
    }

    @BeforeAll
    void startServers(@TempDir Path tmp) throws Exception {
        dir = tmp;
        server = startFront(dir);
        try {
            handler = startHandler(server.endpoints());
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    @AfterAll
    void stopServers() throws Exception {
        try {
            if (handler != null) {
                handler.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void get() throws Exception {
        String response = Curl.run("-i", server.url("/echo/hello?x=1"));
        assertTrue(response.startsWith("HTTP/1.1 200 OK"), response);
        assertTrue(response.endsWith("\r\n\r\nGET /echo/hello 0\n"), response);
    }

    @Test
    void postWithABinaryBody() throws Exception {
        byte[] body = new byte[5000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        Path file = Files.write(dir.resolve("body.bin"), body);
        byte[] out;
        try (Curl c = Curl.start("--data-binary", "@" + file, "-H", "Content-Type: application/octet-stream",
                server.url("/echo/post"))) {
            out = c.bytes();
        }
        byte[] head = "POST /echo/post 5000\n".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(head, Arrays.copyOf(out, head.length), new String(out, StandardCharsets.ISO_8859_1));
        assertArrayEquals(body, Arrays.copyOfRange(out, head.length, out.length));
    }

    @Test
    void oneReplyReleasesSeveralHeldConnections() throws Exception {
        List<Curl> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(Curl.start(server.url("/wait")));
            }
            awaitWaiting(3);
            assertEquals("released 3", Curl.run(server.url("/release")));
            for (Curl c : held) {
                assertEquals("released", c.text());
            }
        } finally {
            for (Curl c : held) {
                c.close();
            }
        }
    }

    @Test
    void aBroadcastToMoreThan128ConnectionsReachesEveryone() throws Exception {
        int n = 200; // more than Mongrel2's 128 ids per reply: the handler must split the broadcast
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                held.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/wait/many")))
                        .timeout(java.time.Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()));
            }
            awaitWaiting(n);
            assertEquals("released " + n, Curl.run(server.url("/release")));
            for (var f : held) {
                assertEquals("released", f.get(30, TimeUnit.SECONDS).body());
            }
        }
    }

    private void awaitWaiting(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = Curl.run(server.url("/waiting"));
            if (last.equals("waiting " + n)) {
                return;
            }
        }
        throw new AssertionError("handler never held " + n + " clients; last said '" + last + "'");
    }

    @Test
    void webSocketEcho() throws Exception {
        try (WsClient ws = new WsClient("ws://127.0.0.1:" + server.port() + "/ws")) {
            ws.socket.sendText("hello ws", true).get(10, TimeUnit.SECONDS);
            assertEquals("hello ws", ws.next());
            byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0x80};
            ws.socket.sendBinary(ByteBuffer.wrap(binary), true).get(10, TimeUnit.SECONDS);
            assertArrayEquals(binary, (byte[]) ws.next());
            String big = "x".repeat(70_000);
            ws.socket.sendText(big, true).get(10, TimeUnit.SECONDS);
            assertEquals(big, ws.next());
            ws.socket.sendPing(ByteBuffer.wrap("p1".getBytes(StandardCharsets.US_ASCII))).get(10, TimeUnit.SECONDS);
            assertEquals("pong:p1", ws.next());
            ws.socket.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
            assertEquals("close:1000", ws.next());
        }
    }
}
