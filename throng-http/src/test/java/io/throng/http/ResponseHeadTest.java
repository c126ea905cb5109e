package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The response head as bytes on the wire: handler headers in order through set, replace and remove, and the
 * Content-Length digits written straight into the output buffer, also where they land at its very end.
 */
class ResponseHeadTest {
    static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        Router r = new Router()
                .get("/len/{n}", (req, res) -> res.send(new byte[Integer.parseInt(req.param("n"))]))
                .get("/headers", (req, res) -> {
                    for (int i = 1; i <= 6; i++) { // more than the first array holds
                        res.header("X-H" + i, "v" + i);
                    }
                    res.header("X-H2", "replaced"); // replace: removed where it was, added at the end
                    res.removeHeader("x-h4");
                    res.addHeader("Set-Cookie", "a=1");
                    res.addHeader("Set-Cookie", "b=2");
                    for (int i = 7; i <= 12; i++) {
                        res.addHeader("X-H" + i, "v" + i);
                    }
                    res.send(new byte[] {'o', 'k'}); // bytes: no Content-Type added
                })
                .get("/fill/{pad}", (req, res) -> {
                    // Small headers that fill the 16 KiB output buffer to within a few bytes of its end, so the
                    // Content-Length digits meet its end at some pad: 150 headers of 100 bytes, then `pad` more.
                    for (int i = 0; i < 150; i++) {
                        res.addHeader("X-Fill" + (1000 + i), "f".repeat(88));
                    }
                    res.addHeader("X-Pad", "p".repeat(1 + Integer.parseInt(req.param("pad"))));
                    res.send("1234567890123".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                });
        server = HttpServer.start("127.0.0.1", 0, r);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void contentLengthDigitsAtEveryWidth() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            for (int n : new int[] {0, 1, 9, 10, 11, 99, 100, 1000, 9999, 10000, 65536, 123457}) {
                raw.send("GET /len/" + n + " HTTP/1.1\r\nHost: x\r\n\r\n");
                String r = raw.readResponse();
                assertTrue(r.contains("\r\nContent-Length: " + n + "\r\n"), n + ": " + r.substring(0, Math.min(300, r.length())));
                assertEquals(n, r.length() - r.indexOf("\r\n\r\n") - 4, "body of " + n);
            }
        }
    }

    @Test
    void headersKeepTheirOrderThroughReplaceAndRemove() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("GET /headers HTTP/1.1\r\nHost: x\r\n\r\n");
            String r = raw.readResponse();
            String head = r.substring(0, r.indexOf("\r\n\r\n") + 2);
            String expected = "X-H1: v1\r\nX-H3: v3\r\nX-H5: v5\r\nX-H6: v6\r\nX-H2: replaced\r\n"
                    + "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
                    + "X-H7: v7\r\nX-H8: v8\r\nX-H9: v9\r\nX-H10: v10\r\nX-H11: v11\r\nX-H12: v12\r\n";
            assertTrue(head.contains("Server: throng\r\n" + expected + "Content-Length: 2\r\n"), head);
            assertTrue(r.endsWith("\r\n\r\nok"), r);
        }
    }

    @Test
    void contentLengthWhereTheOutputBufferEnds() throws Exception {
        for (int pad = 930; pad < 1010; pad++) { // the digits reach the end of the buffer near pad 969
            try (Raw raw = new Raw(server.port())) { // one connection each: Raw's readResponse is slow on a 16 KiB head
                raw.send("GET /fill/" + pad + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                String r = raw.readToClose();
                assertTrue(r.endsWith("X-Pad: " + "p".repeat(1 + pad) + "\r\nConnection: close\r\nContent-Length: 13\r\n\r\n1234567890123")
                        || r.endsWith("X-Pad: " + "p".repeat(1 + pad) + "\r\nContent-Length: 13\r\nConnection: close\r\n\r\n1234567890123"),
                        "pad " + pad + ": " + r.substring(Math.max(0, r.length() - 200)));
            }
        }
    }
}
