package io.throng.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.throng.load.http.HttpLoad;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the JDK's own HTTP server: chunked bodies, error statuses, servers that close, request counts. */
class JdkServerTest {
    static {
        // Without it the JDK server's separate chunk writes meet Nagle plus delayed ACK: ~40 ms per response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private HttpServer server;
    private final AtomicInteger posts = new AtomicInteger();
    private final LoadRunner runner = new LoadRunner(new TargetPolicy(Set.of()));

    private LoadReport run(HttpWorkload workload, LoadShape shape) throws InterruptedException {
        return runner.run(new HttpLoad(workload, shape, null));
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/chunked", ex -> {
            ex.sendResponseHeaders(200, 0); // length 0: the JDK server sends a chunked body
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 3; i++) {
                    out.write(("part " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/close", ex -> {
            ex.getResponseHeaders().set("Connection", "close");
            byte[] body = "bye".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/post", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (ex.getRequestMethod().equals("POST") && new String(body, StandardCharsets.UTF_8).equals("{\"a\":1}")
                    && "yes".equals(ex.getRequestHeaders().getFirst("X-Test"))) {
                posts.incrementAndGet();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static LoadShape count(int connections, long requests) {
        return new LoadShape(connections, 2, Duration.ofSeconds(20), requests, 0, 1, Duration.ofSeconds(5), 1);
    }

    @Test
    void chunkedResponsesAreFramedAndTheCountIsExact() throws Exception {
        LoadReport r = run(HttpWorkload.get(url("/chunked")), count(4, 2_000));
        assertEquals(new Connects(4, 4, 0, 0, 0, 0, 0), r.connects(), "all four held when measuring began");
        assertEquals(2_000, r.completed());
        assertEquals(0, r.errorCount(), () -> r.errorsByKind().toString());
        assertEquals(2_000, r.latency().getTotalCount());
        assertTrue(r.elapsedNanos() < Duration.ofSeconds(20).toNanos(), "stopped at the count, not the duration");
    }

    @Test
    void errorStatusesAreCountedAsStatusErrors() throws Exception {
        LoadReport r = run(HttpWorkload.get(url("/missing")), count(2, 300));
        assertEquals(300, r.completed());
        assertEquals(Map.of("status", 300L), r.errorsByKind());
        assertEquals(List.of("errors 300 > max 0"), new Thresholds(null, 0).violations(r));
    }

    @Test
    void aServerThatClosesAfterEachResponseCostsReconnectsNotErrors() throws Exception {
        LoadReport r = run(HttpWorkload.get(url("/close")), count(2, 200));
        assertEquals(200, r.completed());
        assertEquals(0, r.errorCount(), () -> r.errorsByKind().toString());
    }

    @Test
    void methodHeadersAndBodyAreSent() throws Exception {
        HttpWorkload post = HttpWorkload.of(url("/post"), "POST", List.of("X-Test: yes", "Content-Type: application/json"),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        LoadReport r = run(post, count(2, 100));
        assertEquals(100, r.completed());
        assertEquals(100, posts.get());
    }

    @Test
    void aDeadPortGivesConnectErrorsAndTheRunStillEnds() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        LoadReport r = run(HttpWorkload.get("http://127.0.0.1:" + deadPort + "/"),
                new LoadShape(2, 1, Duration.ofMillis(500), 0, 0, 1, Duration.ofMillis(300), 1));
        assertEquals(0, r.completed());
        assertTrue(r.errorsByKind().getOrDefault("connect", 0L) >= 2, r.errorsByKind().toString());
        Connects c = r.connects();
        assertEquals(2, c.asked(), c::toString);
        assertEquals(0, c.held(), c::toString);
        // refused, or (for the instant of a retry in flight) still connecting; never unaccounted for
        assertEquals(2, c.refused() + c.pending(), c::toString);
        assertTrue(new Thresholds(null, -1).violations(r).contains("no request completed"));
    }

    @Test
    void thresholdsGateOnP99() throws Exception {
        LoadReport r = run(HttpWorkload.get(url("/chunked")), count(2, 200));
        assertEquals(List.of(), new Thresholds(Duration.ofSeconds(30), 0).violations(r));
        List<String> v = new Thresholds(Duration.ofNanos(1000), 0).violations(r);
        assertEquals(1, v.size());
        assertTrue(v.getFirst().startsWith("p99 "), v.getFirst());
    }
}
