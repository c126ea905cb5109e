package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.ServerOptions;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One test per rejection rule of issue 3: the status, then the server closes the connection. */
class RejectionTest {
    static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        HttpOptions http = HttpOptions.defaults().withMaxBody(1000).withHeaderTimeout(Duration.ofMillis(1500));
        Router r = new Router().route("POST", "/echo", (req, res) -> res.send(req.bodyBytes()))
                .get("/", (req, res) -> res.send("root"))
                .route("OPTIONS", "/", (req, res) -> res.send("options"));
        server = HttpServer.start(ServerOptions.of("127.0.0.1", 0).withTick(Duration.ofMillis(50)), http,
                (req, res) -> {
                    if (req.path().equals("*")) {
                        res.header("Allow", "GET, POST, OPTIONS").send("");
                    } else {
                        r.handle(req, res);
                    }
                });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertRejected(String request, int status) throws IOException {
        try (Raw raw = new Raw(server.port())) {
            raw.send(request);
            String response = raw.readToClose();
            assertTrue(response.startsWith("HTTP/1.1 " + status + " "), "expected " + status + ", got: " + response);
            assertTrue(response.contains("Connection: close"), response);
        }
    }

    @Test
    void contentLengthWithTransferEncodingIs400() throws IOException {
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @Test
    void duplicateContentLengthIs400() throws IOException {
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400);
    }

    @Test
    void contentLengthListIs400() throws IOException {
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc", 400);
    }

    @Test
    void malformedContentLengthIs400() throws IOException {
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", 400);
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0x3\r\n\r\nabc", 400);
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\nabc", 400);
    }

    @Test
    void unknownTransferCodingIs501() throws IOException {
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501);
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n", 501);
    }

    @Test
    void obfuscatedTransferEncodingIs400() throws IOException {
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400);
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \"chunked\"\r\n\r\n", 400);
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked;q=1\r\n\r\n", 400);
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n", 400);
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", 400);
    }

    @Test
    void transferEncodingOnHttp10Is400() throws IOException {
        assertRejected("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    }

    @Test
    void obsFoldIs400() throws IOException {
        assertRejected("GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n two\r\n\r\n", 400);
    }

    @Test
    void bareLfIs400() throws IOException {
        assertRejected("GET / HTTP/1.1\nHost: x\r\n\r\n", 400);
        assertRejected("GET / HTTP/1.1\r\nHost: x\n\r\n", 400);
    }

    @Test
    void bareCrIs400() throws IOException {
        assertRejected("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400);
    }

    @Test
    void controlCharacterInHeaderValueIs400() throws IOException {
        assertRejected("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n", 400);
        assertRejected("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u007fb\r\n\r\n", 400);
    }

    @Test
    void controlCharacterInHeaderNameIs400() throws IOException {
        assertRejected("GET / HTTP/1.1\r\nHost: x\r\nX\u0001A: a\r\n\r\n", 400);
    }

    @Test
    void missingHostOnHttp11Is400() throws IOException {
        assertRejected("GET / HTTP/1.1\r\nX-A: a\r\n\r\n", 400);
    }

    @Test
    void duplicateHostIs400() throws IOException {
        assertRejected("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
    }

    @Test
    void invalidHostIs400() throws IOException {
        assertRejected("GET / HTTP/1.1\r\nHost: a b@c\r\n\r\n", 400);
    }

    @Test
    void invalidMethodIs400() throws IOException {
        assertRejected("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        assertRejected("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @Test
    void invalidVersionIs400() throws IOException {
        assertRejected("GET / HTTP/1.x\r\nHost: x\r\n\r\n", 400);
        assertRejected("GET / http/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @Test
    void unsupportedVersionIs505() throws IOException {
        assertRejected("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505);
    }

    @Test
    void targetTooLongIs414() throws IOException {
        assertRejected("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
    }

    @Test
    void headersTooLargeIs431() throws IOException {
        assertRejected("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(15000) + "\r\n\r\n", 431);
    }

    @Test
    void tooManyHeaderFieldsIs431() throws IOException {
        assertRejected("GET / HTTP/1.1\r\nHost: x\r\n" + "X-A: a\r\n".repeat(101) + "\r\n", 431);
    }

    @Test
    void bodyTooLargeIs413BeforeTheBodyIsRead() throws IOException {
        // Only the head is sent: the answer must come without the server waiting for 5000 body bytes.
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", 413);
    }

    @Test
    void bodyTooLargeIs413EvenWhileTheClientKeepsSendingIt() throws Exception {
        // A client like curl or a browser sends the whole body before it reads. The server answers at
        // once and keeps discarding for a while (closeLingering), so its close does not reset the
        // connection under the 413. The reset is a race this test does not force on loopback; it checks
        // the answer arrives and the server neither hangs nor waits for the whole body.
        try (Raw raw = new Raw(server.port())) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
                    raw.send("x".repeat(1_000_000));
                } catch (IOException e) {
                    // The server may stop reading once its linger ends; what matters is the answer.
                }
            });
            String response = raw.readToClose();
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            writer.join();
        }
    }

    @Test
    void chunkedBodyTooLargeIs413() throws IOException {
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5000\r\n", 413);
    }

    @Test
    void malformedChunkSizeIs400() throws IOException {
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400);
        assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", 400);
    }

    @Test
    void asteriskFormForOtherThanOptionsIs400() throws IOException {
        assertRejected("GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @Test
    void connectIs501() throws IOException {
        assertRejected("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501);
    }

    @Test
    void connectionsBeyondTheLimitGet503() throws Exception {
        try (HttpServer small = HttpServer.start(ServerOptions.of("127.0.0.1", 0).withMaxConnections(1),
                HttpOptions.defaults(), (req, res) -> res.send("ok"));
             Raw first = new Raw(small.port())) {
            first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(first.readResponse().endsWith("ok"));
            try (Raw second = new Raw(small.port())) {
                String r = second.readToClose();
                assertTrue(r.startsWith("HTTP/1.1 503 ") && r.contains("Connection: close"), r);
            }
            first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(first.readResponse().endsWith("ok"), "the admitted connection still works");
        }
    }

    @Test
    void aSilentNewConnectionIsClosedAtTheHeaderDeadline() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            long start = System.nanoTime();
            assertTrue(raw.closedByServer());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 1000 && ms < 4000, "closed after " + ms + " ms");
        }
    }

    @Test
    void slowlorisHitsTheAbsoluteHeaderDeadlineWith408() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            long start = System.nanoTime();
            raw.send("GET / HTTP/1.1\r\n");
            String header = "X-Slow: " + "a".repeat(60);
            // Trickle one byte every 50 ms: each byte arrives long before any per-read timeout would fire.
            for (int i = 0; i < header.length(); i++) {
                try {
                    raw.send(header.substring(i, i + 1));
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(50);
            }
            String response = raw.readToClose();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(response.startsWith("HTTP/1.1 408 "), response);
            assertTrue(elapsedMs < 3000 + 1500, "closed after " + elapsedMs + " ms");
        }
    }
}
