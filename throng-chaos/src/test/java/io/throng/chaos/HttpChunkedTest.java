package io.throng.chaos;

import static io.throng.chaos.RawHttp.chunkedPost;
import static io.throng.chaos.RawHttp.curl;
import static io.throng.chaos.RawHttp.get;
import static io.throng.chaos.RawHttp.readToEnd;
import static io.throng.chaos.RawHttp.readUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.http.HttpServer;
import io.throng.http.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chunked bodies through an HTTP proxy: the proxy finds where a chunked request body ends, so the
 * requests after it on the same connection still meet the HTTP toxics, and malformed framing is refused
 * as throng-http's server refuses it. The upstream (throng-http's server) records each path it answered
 * and each body it received whole.
 */
class HttpChunkedTest {
    private HttpServer upstream;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private Proxies proxies;
    private Proxy proxy;

    @BeforeEach
    void start() throws IOException {
        Router r = new Router()
                .post("/echo", (req, res) -> {
                    byte[] body = req.bodyBytes();
                    seen.add("/echo " + new String(body, StandardCharsets.ISO_8859_1));
                    res.send(body);
                })
                .post("/fail/{x}", (req, res) -> {
                    seen.add(req.path());
                    res.send("the upstream answered");
                })
                .get("/ok/{x}", (req, res) -> {
                    seen.add(req.path());
                    res.send("ok " + req.param("x"));
                })
                .get("/fail/{x}", (req, res) -> {
                    seen.add(req.path());
                    res.send("the upstream answered");
                })
                .get("/stream", (req, res) -> {
                    try (OutputStream out = res.stream()) { // a chunked response
                        for (int i = 0; i < 20; i++) {
                            out.write(("piece " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    }
                });
        upstream = HttpServer.start("127.0.0.1", 0, r);
        proxies = new Proxies();
        proxy = proxies.create(new Proxies.Spec("web", "127.0.0.1:0", "127.0.0.1:" + upstream.port(), true, Protocol.HTTP));
        proxy.addToxic(new NamedToxic("fail", Direction.DOWNSTREAM, 1f, new Toxic.HttpStatus(503, "/fail")));
    }

    @AfterEach
    void stop() {
        proxies.close();
        upstream.close();
    }

    /**
     * Two chunked POSTs (an extension, a chunk split across sizes, trailers), pipelined in one write
     * with GETs: the injected status hits the GET after them, the bodies reach the upstream whole.
     */
    @Test
    void requestsAfterChunkedBodiesStillMeetTheToxics() throws Exception {
        String requests = chunkedPost("/echo", "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                + chunkedPost("/echo", "3\r\nabc\r\n0\r\nX-Sum: 3\r\nX-More: yes\r\n\r\n")
                + get("/fail/1")
                + get("/ok/2");
        try (SocketChannel c = Sockets.connect(proxy)) {
            Sockets.send(c, requests.getBytes(StandardCharsets.US_ASCII));
            String all = readUntil(c, "ok 2");
            Pattern order = Pattern.compile("(?s)HTTP/1\\.1 200 .*?\r\n\r\nhello world"
                    + "HTTP/1\\.1 200 .*?\r\n\r\nabc"
                    + "HTTP/1\\.1 503 \r\n.*?\r\n\r\n"
                    + "HTTP/1\\.1 200 .*?\r\n\r\nok 2");
            assertTrue(order.matcher(all).matches(), all);
        }
        assertTrue(seen.containsAll(List.of("/echo hello world", "/echo abc", "/ok/2")), seen.toString());
        assertTrue(!seen.contains("/fail/1"), "forwarded: " + seen);
    }

    /** A chunked POST the toxic answers: its body is read and dropped and the connection goes on. */
    @Test
    void aChunkedRequestAnsweredByTheProxyKeepsTheConnection() throws Exception {
        String requests = chunkedPost("/fail/body", "4\r\nnope\r\n0\r\n\r\n") + get("/ok/after");
        try (SocketChannel c = Sockets.connect(proxy)) {
            Sockets.send(c, requests.getBytes(StandardCharsets.US_ASCII));
            String all = readUntil(c, "ok after");
            assertTrue(all.matches("(?s)HTTP/1\\.1 503 \r\ncontent-length: 0\r\n\r\nHTTP/1\\.1 200 .*ok after"), all);
        }
        assertTrue(!seen.contains("/fail/body"), seen.toString());
    }

    /** A chunked response from the upstream is framed: the request after it is still hit. */
    @Test
    void aChunkedResponseIsFramedAndTheNextRequestHit() throws Exception {
        try (SocketChannel c = Sockets.connect(proxy)) {
            Sockets.send(c, (get("/stream") + get("/fail/2") + get("/ok/3")).getBytes(StandardCharsets.US_ASCII));
            String all = readUntil(c, "ok 3");
            assertTrue(all.matches("(?s)HTTP/1\\.1 200 .*?piece 19\n\r\n0\r\n\r\nHTTP/1\\.1 503 \r\n.*?\r\n\r\nHTTP/1\\.1 200 .*ok 3"), all);
        }
        assertTrue(!seen.contains("/fail/2"), seen.toString());
    }

    /** curl's own chunked upload, then a request on the same connection that the toxic must hit. */
    @Test
    void curlsChunkedUploadThenAHitOnTheSameConnection() throws Exception {
        String url = "http://" + proxy.listen();
        List<String> out = curl("-s", "-w", "%{http_code} %{num_connects}\\n", "-o", "/dev/null",
                "-H", "Transfer-Encoding: chunked", "--data-binary", "from curl", url + "/echo",
                "--next", "-s", "-w", "%{http_code} %{num_connects}\\n", "-o", "/dev/null", url + "/fail/3");
        assertEquals(List.of("200 1", "503 0"), out);
        assertTrue(seen.contains("/echo from curl") && !seen.contains("/fail/3"), seen.toString());
    }

    /**
     * Malformed framing after a forwarded head: the response before it, then the parser's status and the
     * end of the connection; the upstream never gets the body whole, and nothing of the upstream's
     * own answer to the broken request reaches the client.
     */
    @Test
    void aBadChunkSizeGets400AndTheConnectionCloses() throws Exception {
        assertRefused(chunkedPost("/echo", "5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n"), 400);
        // More than 15 hex digits: a size line that would overflow.
        assertRefused(chunkedPost("/echo", "1" + "0".repeat(16) + "\r\n"), 400);
        // An extension beyond the longest chunk-size line.
        assertRefused(chunkedPost("/echo", "5;x=" + "a".repeat(5000) + "\r\nhello\r\n0\r\n\r\n"), 400);
        // A bare LF after the data.
        assertRefused(chunkedPost("/echo", "5\r\nhello\n0\r\n\r\n"), 400);
        // A trailer line beyond its bound, and a folded one.
        assertRefused(chunkedPost("/echo", "5\r\nhello\r\n0\r\nX-Big: " + "a".repeat(5000) + "\r\n\r\n"), 431);
        assertRefused(chunkedPost("/echo", "5\r\nhello\r\n0\r\nX-A: 1\r\n folded\r\n\r\n"), 400);
        assertTrue(seen.stream().noneMatch(s -> s.startsWith("/echo")), "a body reached the upstream whole: " + seen);
        // A refused chunked body of a request the toxic answers: nothing of it went upstream.
        assertRefused(chunkedPost("/fail/x", "zz\r\n"), 400);
        assertTrue(!seen.contains("/fail/x"), seen.toString());
    }

    /**
     * One request answered, then {@code request}: the parser's status and the end.
     */
    private void assertRefused(String request, int status) throws IOException {
        try (SocketChannel c = Sockets.connect(proxy)) {
            Sockets.send(c, get("/ok/1").getBytes(StandardCharsets.US_ASCII));
            assertTrue(readUntil(c, "ok 1").startsWith("HTTP/1.1 200 "));
            Sockets.send(c, (request + get("/ok/never")).getBytes(StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 " + status + " \r\ncontent-length: 0\r\nconnection: close\r\n\r\n", readToEnd(c));
        }
        assertTrue(!seen.contains("/ok/never"), seen.toString());
    }
}
