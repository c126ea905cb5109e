package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.http.filters.AccessLog;
import io.throng.http.filters.Cors;
import io.throng.http.filters.Gzip;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The framework through real requests. The JDK's {@link HttpClient} is the client where a plain HTTP
 * client is enough (it speaks keep-alive, chunked and timeouts correctly); raw sockets where the exact
 * bytes matter (pipelining, 100-continue, HTTP/1.0, upgrade).
 */
class FeaturesTest {
    static HttpServer server;
    static HttpClient client;
    static final List<String> log = new CopyOnWriteArrayList<>();
    static final BlockingQueue<String> mailbox = new ArrayBlockingQueue<>(16);
    static final SignedCookies signer = new SignedCookies("0123456789abcdef0123456789abcdef".getBytes());

    record Greeting(String name, int count) {}

    @BeforeAll
    static void start() throws Exception {
        Router r = new Router()
                .filter(new AccessLog(log::add))
                .filter(Cors.any())
                .filter(new Gzip(64))
                .get("/rooms/{id}", (req, res) -> res.send("room " + req.param("id")))
                .put("/rooms/{id}", (req, res) -> res.send("put " + req.param("id")))
                .get("/files/{rest...}", (req, res) -> res.send("rest=" + req.param("rest")))
                .get("/query", (req, res) -> res.send(req.query("a") + "," + req.queryParams().get("b")))
                .post("/form", (req, res) -> res.send(req.formValue("name") + "|" + req.formValue("x")))
                .post("/json", (req, res) -> {
                    Greeting g = req.json(Greeting.class);
                    res.json(new Greeting(g.name().toUpperCase(), g.count() + 1));
                })
                .post("/echo", (req, res) -> res.send(req.bodyBytes()))
                .get("/cookie", (req, res) -> {
                    res.cookie(Cookie.of("plain", "v1"));
                    res.cookie(Cookie.of("signed", signer.sign("signed", "alice")));
                    res.send("set");
                })
                .get("/whoami", (req, res) -> {
                    String who = signer.verify("signed", req.cookie("signed"));
                    res.send(who == null ? "nobody" : who);
                })
                .get("/big", (req, res) -> res.send("x".repeat(5000)))
                .get("/stream", (req, res) -> {
                    OutputStream out = res.stream();
                    for (int i = 0; i < 3; i++) {
                        out.write(("part" + i + "\n").getBytes());
                        out.flush();
                    }
                })
                .get("/stream-text", (req, res) -> {
                    res.contentType("text/plain; charset=utf-8");
                    try (OutputStream out = res.stream()) {
                        for (int i = 0; i < 50; i++) {
                            out.write(("line " + i + "\n").getBytes());
                            out.flush();
                        }
                    }
                })
                .get("/poll", (req, res) -> {
                    String msg = mailbox.poll(Long.parseLong(req.query("ms")), TimeUnit.MILLISECONDS);
                    if (msg == null) {
                        res.status(204).send(new byte[0]);
                    } else {
                        res.send(msg);
                    }
                })
                .get("/events", (req, res) -> {
                    String last = EventStream.lastEventId(req);
                    int from = last == null ? 0 : Integer.parseInt(last) + 1;
                    try (EventStream es = res.eventStream()) {
                        es.retry(Duration.ofMillis(1500));
                        for (int i = from; i < from + 3; i++) {
                            es.send(Integer.toString(i), "tick", "line one\nline two " + i);
                        }
                    }
                })
                .get("/upgrade", (req, res) -> {
                    Upgraded up = res.upgrade("echo");
                    ByteBuffer buf = ByteBuffer.allocate(64);
                    buf.put(up.leftover());
                    while (buf.position() < 4) {
                        up.connection().read(buf);
                    }
                    buf.flip();
                    up.connection().write(buf);
                })
                .get("/boom", (req, res) -> {
                    throw new IllegalStateException("boom");
                })
                .get("/teapot", (req, res) -> {
                    throw new HttpException(418, "short and stout");
                });
        server = HttpServer.start("127.0.0.1", 0, r);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pathParametersAreDecoded() throws Exception {
        assertEquals("room a b", get("/rooms/a%20b").body());
        assertEquals("rest=x/y/z.txt", get("/files/x/y/z.txt").body());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() throws Exception {
        assertEquals(404, get("/nowhere").statusCode());
        HttpResponse<String> r = send("DELETE", "/rooms/1", "");
        assertEquals(405, r.statusCode());
        assertEquals("GET, PUT, HEAD", r.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void queryFormAndJson() throws Exception {
        assertEquals("1,[2, 3]", get("/query?a=1&b=2&b=3").body());
        assertEquals("J D|", send("POST", "/form", "name=J+D&x=", "Content-Type",
                "application/x-www-form-urlencoded").body());
        HttpResponse<String> r = send("POST", "/json", "{\"name\":\"ann\",\"count\":41}", "Content-Type",
                "application/json");
        assertEquals("{\"name\":\"ANN\",\"count\":42}", r.body());
        assertEquals(400, send("POST", "/json", "{not json", "Content-Type", "application/json").statusCode());
    }

    @Test
    void cookiesAndSignedCookies() throws Exception {
        HttpResponse<String> r = get("/cookie");
        List<String> set = r.headers().allValues("Set-Cookie");
        assertEquals(2, set.size());
        String signed = set.get(1).substring(0, set.get(1).indexOf(';'));
        assertEquals("alice", get("/whoami", "Cookie", "plain=v1; " + signed).body());
        String forged = signed.replace("alice", "mallory");
        assertEquals("nobody", get("/whoami", "Cookie", forged).body());
    }

    @Test
    void gzipForCompressibleBodies() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/big"))
                .header("Accept-Encoding", "gzip").build();
        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElseThrow());
        assertTrue(r.body().length < 200, "compressed size " + r.body().length);
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
        assertEquals("x".repeat(5000), new String(plain, StandardCharsets.UTF_8));
        assertTrue(get("/big").headers().firstValue("Content-Encoding").isEmpty());
    }

    @Test
    void gzipForStreamedBodies() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/stream-text"))
                .header("Accept-Encoding", "gzip").build();
        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElseThrow());
        String plain = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(plain.startsWith("line 0\nline 1\n") && plain.endsWith("line 49\n"), plain);
        HttpResponse<String> identity = get("/stream-text");
        assertTrue(identity.headers().firstValue("Content-Encoding").isEmpty());
        assertTrue(identity.body().endsWith("line 49\n"));
    }

    @Test
    void corsPreflightAndSimpleRequests() throws Exception {
        HttpResponse<String> pre = send("OPTIONS", "/rooms/1", "", "Origin", "http://a.example",
                "Access-Control-Request-Method", "PUT");
        assertEquals(204, pre.statusCode());
        assertTrue(pre.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("PUT"));
        assertEquals("*", get("/rooms/1", "Origin", "http://a.example")
                .headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }

    @Test
    void accessLogUsesCombinedLogFormat() throws Exception {
        get("/rooms/7?x=1", "User-Agent", "tester/1.0", "Referer", "http://ref.example/");
        String line = log.stream().filter(l -> l.contains("/rooms/7?x=1")).findFirst().orElseThrow();
        assertTrue(line.matches("127\\.0\\.0\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}] "
                + "\"GET /rooms/7\\?x=1 HTTP/1.1\" 200 6 \"http://ref.example/\" \"tester/1.0\""), line);
    }

    @Test
    void streamingResponseIsChunked() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            String r = raw.readUntil("0\r\n\r\n", 1);
            assertTrue(r.contains("Transfer-Encoding: chunked"), r);
            assertTrue(r.contains("6\r\npart0\n\r\n6\r\npart1\n\r\n6\r\npart2\n\r\n0\r\n\r\n"), r);
            raw.send("GET /rooms/1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(raw.readResponse().endsWith("room 1"));
        }
        assertEquals("part0\npart1\npart2\n", get("/stream").body());
    }

    @Test
    void http10GetsCloseDelimitedStreamAndOptionalKeepAlive() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("GET /stream HTTP/1.0\r\n\r\n");
            String r = raw.readToClose();
            assertFalse(r.contains("chunked"), r);
            assertTrue(r.endsWith("part0\npart1\npart2\n"), r);
        }
        try (Raw raw = new Raw(server.port())) {
            raw.send("GET /rooms/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            String a = raw.readResponse();
            assertTrue(a.contains("Connection: keep-alive"), a);
            raw.send("GET /rooms/2 HTTP/1.0\r\n\r\n");
            String b = raw.readToClose();
            assertTrue(b.endsWith("room 2"), b);
        }
    }

    @Test
    void pipelinedResponsesComeInOrder() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            StringBuilder req = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                req.append("GET /rooms/").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            req.append("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            req.append("GET /rooms/last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            raw.send(req.toString());
            String all = raw.readToClose();
            int at = 0;
            for (int i = 0; i < 20; i++) {
                at = all.indexOf("room " + i, at);
                assertTrue(at > 0, "response " + i + " missing or out of order");
            }
            assertTrue(all.indexOf("hello", at) > 0);
            assertTrue(all.endsWith("room last"), all);
        }
    }

    @Test
    void answersToPipelinedRequestsLeaveBeforeTheNextBodyIsAwaited() throws Exception {
        // The client holds the POST's body back until it has the GET's answer: the server must not sit
        // on that answer while it waits for the body (it did, until the body read timed out with 408).
        try (Raw raw = new Raw(server.port())) {
            raw.send("GET /rooms/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");
            assertTrue(raw.readResponse().endsWith("room 1"));
            raw.send("hello");
            String echo = raw.readResponse();
            assertTrue(echo.startsWith("HTTP/1.1 200 ") && echo.endsWith("hello"), echo);
        }
    }

    @Test
    void anUnreadBodyIsSkippedSoTheNextPipelinedRequestParses() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("PUT /rooms/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n"
                    + "PUT /rooms/2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                    + "GET /rooms/3 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(raw.readResponse().endsWith("put 1"));
            assertTrue(raw.readResponse().endsWith("put 2"));
            assertTrue(raw.readResponse().endsWith("room 3"));
        }
    }

    @Test
    void chunkedRequestBodyWithTrailers() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
            assertTrue(raw.readResponse().endsWith("\r\n\r\nhello world"));
        }
    }

    @Test
    void expectContinueIsSentWhenTheHandlerReadsTheBody() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertTrue(raw.readUntil("\r\n\r\n", 1).startsWith("HTTP/1.1 100 Continue"));
            raw.send("ping");
            assertTrue(raw.readResponse().endsWith("ping"));
        }
        try (Raw raw = new Raw(server.port())) {
            // The handler never reads the body: no 100, a final answer, and the connection closes.
            raw.send("POST /rooms/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            String r = raw.readToClose();
            assertTrue(r.startsWith("HTTP/1.1 405"), r);
            assertFalse(r.contains("100 Continue"), r);
        }
    }

    @Test
    void headHasLengthButNoBody() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("HEAD /rooms/12 HTTP/1.1\r\nHost: x\r\n\r\nGET /rooms/13 HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = raw.readUntil("\r\n\r\n", 1);
            assertTrue(head.contains("Content-Length: 7"), head);
            String next = raw.readResponse();
            assertTrue(next.startsWith("HTTP/1.1 200"), "HEAD must not leave body bytes: " + next);
            assertTrue(next.endsWith("room 13"));
        }
    }

    @Test
    void absoluteFormAndAsteriskForm() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("GET http://example.com/rooms/5?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n");
            assertTrue(raw.readResponse().endsWith("room 5"));
            raw.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
            String r = raw.readResponse();
            assertTrue(r.startsWith("HTTP/1.1 404") || r.startsWith("HTTP/1.1 200"), r);
        }
    }

    @Test
    void longPollBlocksUntilAMessageOrTheTimeout() throws Exception {
        assertEquals(204, get("/poll?ms=100").statusCode());
        Thread.ofVirtual().start(() -> {
            try {
                // Deliver only once the poll is certainly waiting: the server has one busy connection.
                while (server.connectionCount() == 0) {
                    Thread.onSpinWait();
                }
                mailbox.put("hello");
            } catch (InterruptedException ignored) {
                // The test ends.
            }
        });
        HttpResponse<String> r = get("/poll?ms=4000");
        assertEquals(200, r.statusCode());
        assertEquals("hello", r.body());
    }

    @Test
    void serverSentEventsWithIdRetryAndLastEventId() throws Exception {
        HttpResponse<String> r = get("/events", "Last-Event-ID", "6");
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.body().startsWith("retry: 1500\n\nid: 7\nevent: tick\ndata: line one\ndata: line two 7\n\n"),
                r.body());
        assertTrue(r.body().contains("id: 9\n"));
    }

    @Test
    void upgradeHandsTheRawConnectionToTheHandler() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("GET /upgrade HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nab");
            String head = raw.readUntil("\r\n\r\n", 1);
            assertTrue(head.startsWith("HTTP/1.1 101 Switching Protocols"), head);
            raw.send("cd");
            assertEquals("abcd", raw.readToClose());
        }
    }

    @Test
    void handlerFailuresBecomeStatuses() throws Exception {
        assertEquals(500, get("/boom").statusCode());
        HttpResponse<String> r = get("/teapot");
        assertEquals(418, r.statusCode());
        assertEquals("short and stout\n", r.body());
    }

    @Test
    void signedCookieRejectsOtherNamesAndGarbage() {
        String s = signer.sign("a", "v");
        assertEquals("v", signer.verify("a", s));
        assertNull(signer.verify("b", s));
        assertNull(signer.verify("a", "v.%%%"));
    }
}
