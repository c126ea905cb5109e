package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request body rate floor against real sockets: a body trickled below the floor is cut with 408
 * long before the per-read I/O timeout (30 s here) would notice, whether it is read by the handler,
 * chunked, or ignored by the handler and drained for keep-alive; a body at a real rate is served, and
 * time the handler spends working between reads is not charged to the client.
 */
class BodyRateTest {
    /** The floor: 2,000 bytes/s once 300 ms of waiting are used. */
    private static final long FLOOR = 2_000;
    private static final Duration GRACE = Duration.ofMillis(300);
    /** Lets the test release the second half of a body once the handler has read the first. */
    private static volatile CountDownLatch firstHalfRead = new CountDownLatch(1);

    static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        HttpOptions http = HttpOptions.defaults().withMinBodyRate(FLOOR, GRACE);
        Router r = new Router()
                .route("POST", "/echo", (req, res) -> res.send(req.bodyBytes()))
                .route("POST", "/ignore", (req, res) -> res.send("ignored"))
                .route("POST", "/work", (req, res) -> {
                    InputStream body = req.body();
                    byte[] first = body.readNBytes(100);
                    firstHalfRead.countDown();
                    Thread.sleep(1000); // the handler's own work, far longer than the 350 ms the body earned
                    byte[] rest = body.readAllBytes();
                    res.send("read " + (first.length + rest.length));
                });
        server = HttpServer.start(ServerOptions.of("127.0.0.1", 0).withTick(Duration.ofMillis(20)), http, r);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBodyTrickledBelowTheFloorGets408() throws Exception {
        assertTrickleCut("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", "HTTP/1.1 408 ");
    }

    @Test
    void aChunkedBodyTrickledBelowTheFloorGets408() throws Exception {
        assertTrickleCut("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n186a0\r\n",
                "HTTP/1.1 408 ");
    }

    @Test
    void anIgnoredBodyTrickledWhileDrainedStillGetsTheAnswerThenClose() throws Exception {
        String response = assertTrickleCut("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n",
                "HTTP/1.1 200 ");
        assertTrue(response.contains("Connection: close"), response);
        assertTrue(response.endsWith("ignored"), response);
    }

    @Test
    void aBodyAtTenTimesTheFloorIsServed() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n");
            String chunk = "b".repeat(200);
            for (int i = 0; i < 100; i++) { // 200 bytes every 10 ms: 20,000 bytes/s
                raw.send(chunk);
                Thread.sleep(10); // pacing: this client's upload speed
            }
            String response = raw.readResponse();
            assertTrue(response.startsWith("HTTP/1.1 200 "), response.substring(0, Math.min(200, response.length())));
            assertTrue(response.endsWith(chunk), "the whole body came back");
            assertEquals(20000, response.substring(response.indexOf("\r\n\r\n") + 4).length());
        }
    }

    @Test
    void handlerWorkBetweenReadsIsNotChargedToTheClient() throws Exception {
        firstHalfRead = new CountDownLatch(1);
        try (Raw raw = new Raw(server.port())) {
            raw.send("POST /work HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n" + "a".repeat(100));
            assertTrue(firstHalfRead.await(5, TimeUnit.SECONDS), "the handler read the first half");
            raw.send("a".repeat(100));
            String response = raw.readResponse();
            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            assertTrue(response.endsWith("read 200"), response);
        }
    }

    /** Sends {@code head}, then 20 bytes every 50 ms (400 bytes/s) until the server answers or closes. */
    private static String assertTrickleCut(String head, String expectedStatus) throws Exception {
        try (Raw raw = new Raw(server.port())) {
            long start = System.nanoTime();
            raw.send(head);
            String twenty = "c".repeat(20);
            // At most 10 s of trickling; the floor allows about 0.4 s of it (the 30 s I/O timeout never fires).
            for (int i = 0; i < 200 && raw.in.available() == 0; i++) {
                try {
                    raw.send(twenty);
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(50); // pacing: this is the slow client
            }
            String response = raw.readToClose();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(response.startsWith(expectedStatus), "after " + ms + " ms: " + response);
            assertTrue(ms < 5000, "cut after " + ms + " ms");
            return response;
        }
    }
}
