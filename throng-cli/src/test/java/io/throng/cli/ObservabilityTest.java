package io.throng.cli;

import static io.throng.cli.CliProcesses.await;
import static io.throng.cli.CliProcesses.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --jfr FILE} and {@code /metrics} of the server commands, as real processes driven by real peers:
 * curl and Python websockets make the traffic, Python's prometheus_client parses the scrape, the JDK's
 * {@code RecordingFile} and {@code jfr print} read the recording the server wrote when it stopped.
 */
class ObservabilityTest {
    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs {@code cmd}, returns its output; fails with it unless it exits 0. */
    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    /** curl's status code for one request on a connection of its own. */
    private static String curlStatus(int port, String path) throws Exception {
        return run("curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:" + port + path);
    }

    /** Every sample of a scrape, checked by prometheus_client's parser: {@code name{k="v",...}} to value. */
    private static Map<String, Double> scrape(int port) throws Exception {
        Path script = Path.of(ObservabilityTest.class.getResource("metrics_scrape.py").toURI());
        String out = run("/usr/bin/python3", script.toString(), "http://127.0.0.1:" + port + "/metrics");
        Map<String, Double> samples = new HashMap<>();
        for (String line : out.split("\n")) {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    private static double sample(Map<String, Double> samples, String key) {
        Double v = samples.get(key);
        if (v == null) {
            throw new AssertionError("no sample " + key + " among " + samples.size());
        }
        return v;
    }

    /** A counter before traffic: absent until its labels are first used (Prometheus reads that as 0). */
    private static double before(Map<String, Double> samples, String key) {
        return samples.getOrDefault(key, 0.0);
    }

    private static List<RecordedEvent> events(Path file, String name) throws IOException {
        List<RecordedEvent> found = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: drain, then the recording is written
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the server");
    }

    @Test
    void serveCountsRequestsOnMetricsAndRecordsThemWithJfr() throws Exception {
        Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
        Path jfr = dir.resolve("serve.jfr");
        int port = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "serve", "--port", Integer.toString(port), "--dir", dir.toString(), "--jfr", jfr.toString());
        Map<String, Double> m;
        try {
            await(lines, "listening on http://127.0.0.1:" + port);
            Map<String, Double> before = scrape(port);
            for (int i = 0; i < 3; i++) {
                assertEquals("200", curlStatus(port, "/"));
            }
            assertEquals("404", curlStatus(port, "/missing?token=secret"));
            m = scrape(port);
            // Each curl and each scrape is a connection of its own; the first scrape's request was
            // counted after its body was made, so it shows in the second only.
            assertEquals(before(before, "throng_http_requests_total{status=\"2xx\"}") + 4,
                    sample(m, "throng_http_requests_total{status=\"2xx\"}"));
            assertEquals(before(before, "throng_http_requests_total{status=\"4xx\"}") + 1,
                    sample(m, "throng_http_requests_total{status=\"4xx\"}"));
            assertEquals(before(before, "throng_connections_accepted_total{protocol=\"http\"}") + 5,
                    sample(m, "throng_connections_accepted_total{protocol=\"http\"}"));
            assertEquals(before(before, "throng_http_request_duration_seconds_count{}") + 5,
                    sample(m, "throng_http_request_duration_seconds_count{}"));
            assertTrue(sample(m, "throng_connections_open{protocol=\"http\"}") >= 1, "the scrape's own connection");
            assertTrue(sample(m, "jvm_memory_used_bytes{area=\"heap\"}") > 0);
            double open = sample(m, "process_open_fds{}");
            assertTrue(open > 0 && open < sample(m, "process_max_fds{}"), "open files against the limit");
            assertTrue(sample(m, "throng_virtual_thread_carriers{state=\"parallelism\"}") >= 1);
            // A collection forced from outside shows as a pause.
            double pauses = sample(m, "throng_jvm_gc_pause_seconds_count{}");
            run(System.getProperty("java.home") + "/bin/jcmd", Long.toString(p.pid()), "GC.run");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sample(m, "throng_jvm_gc_pause_seconds_count{}") == pauses && System.nanoTime() < end) {
                m = scrape(port);
            }
            assertTrue(sample(m, "throng_jvm_gc_pause_seconds_count{}") > pauses, "jcmd GC.run counted as a pause");
            // Virtual threads started, ended and pinned need a JFR stream running all the time: off by default.
            assertFalse(m.containsKey("throng_virtual_threads_started_total{}"), m.keySet().toString());
            assertFalse(m.containsKey("throng_virtual_threads_pinned_total{}"), m.keySet().toString());
        } finally {
            stop(p);
        }

        List<RecordedEvent> requests = events(jfr, "throng.HttpRequest");
        List<RecordedEvent> pages = requests.stream().filter(e -> e.getString("path").equals("/")).toList();
        assertEquals(3, pages.size(), requests.toString());
        for (RecordedEvent e : pages) {
            assertEquals("GET", e.getString("method"));
            assertEquals(200, e.getInt("status"));
            assertEquals(9, e.getLong("bodyBytes"));
            assertTrue(e.getLong("took") > 0);
        }
        RecordedEvent missing = requests.stream().filter(e -> e.getInt("status") == 404).findFirst().orElseThrow();
        assertEquals("/missing", missing.getString("path"), "the query (maybe a token) is never recorded");
        List<RecordedEvent> closed = events(jfr, "throng.ConnectionClosed");
        assertTrue(closed.size() >= 6, "4 curls and at least 2 scrapes: " + closed.size());
        for (RecordedEvent e : closed) {
            assertEquals("http", e.getString("protocol"));
            assertTrue(e.getString("remoteAddress").contains("127.0.0.1"), e.toString());
            assertTrue(e.getLong("bytesRead") > 0 && e.getLong("bytesWritten") > 0, e.toString());
            assertTrue(e.getLong("lifetime") > 0);
        }
        assertFalse(events(jfr, "throng.ConnectionAccepted").isEmpty());
        assertFalse(events(jfr, "jdk.JVMInformation").isEmpty(), "the JDK's default events are recorded too");

        // The JDK's own reader agrees.
        String printed = run(System.getProperty("java.home") + "/bin/jfr", "print", "--events",
                "throng.HttpRequest", jfr.toString());
        assertTrue(printed.contains("path = \"/missing\""), printed);
        assertTrue(printed.contains("status = 404"), printed);
        assertFalse(printed.contains("secret"), printed);
    }

    @Test
    void jfrRateThrottlesThePerRequestEventsOnly() throws Exception {
        Path jfr = dir.resolve("rate.jfr");
        int port = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "serve", "--port", Integer.toString(port), "--dir", dir.toString(),
                "--jfr", jfr.toString(), "--jfr-rate", "1/h");
        int requests = 12;
        try {
            await(lines, "listening on http://127.0.0.1:" + port);
            for (int i = 0; i < requests; i++) {
                assertEquals("404", curlStatus(port, "/nothing-" + i));
            }
        } finally {
            stop(p);
        }
        // Each request is recorded by default (the first test); one an hour is at most one or two here.
        int recorded = events(jfr, "throng.HttpRequest").size();
        assertTrue(recorded <= 2, "throng.HttpRequest at --jfr-rate 1/h: " + recorded);
        // An event without @Throttle ignores the rate: every connection is still there.
        assertTrue(events(jfr, "throng.ConnectionAccepted").size() >= requests,
                "throng.ConnectionAccepted: " + events(jfr, "throng.ConnectionAccepted").size());
    }

    @Test
    void virtualThreadsAreCountedWhenTheJfrStreamIsAskedFor() throws Exception {
        int port = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = CliProcesses.cliWith(lines, List.of("env", "JAVA_TOOL_OPTIONS=-Dthrong.metrics.jfr=true"),
                "serve", "--port", Integer.toString(port), "--dir", dir.toString());
        try {
            await(lines, "listening on http://127.0.0.1:" + port);
            Map<String, Double> m = scrape(port);
            assertTrue(m.containsKey("throng_virtual_threads_pinned_total{}"), m.keySet().toString());
            assertTrue(m.containsKey("throng_virtual_threads_live{}"), m.keySet().toString());
            // JFR hands its events to the metrics about once a second: wait for the scrapes' threads to show.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sample(m, "throng_virtual_threads_started_total{}") == 0 && System.nanoTime() < end) {
                m = scrape(port);
            }
            assertTrue(sample(m, "throng_virtual_threads_started_total{}") > 0, "virtual threads started");
        } finally {
            stop(p);
        }
    }

    @Test
    void chatCountsWebSocketTrafficAndRecordsStoreAndFanOut() throws Exception {
        Path jfr = dir.resolve("chat.jfr");
        int port = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "chat", "--port", Integer.toString(port), "--data", dir.resolve("data").toString(),
                "--insecure-nicknames", "--jfr", jfr.toString());
        try {
            await(lines, "serving http://localhost:" + port);
            Map<String, Double> before = scrape(port);
            Path client = Path.of(ObservabilityTest.class.getResource("chat_say.py").toURI());
            assertTrue(run("/usr/bin/python3", client.toString(), Integer.toString(port), "3").contains("OK"));
            Map<String, Double> m = scrape(port);
            // hello, join and three says in; welcome, join's answers and three acks out.
            assertEquals(before(before, "throng_websocket_messages_total{direction=\"in\"}") + 5,
                    sample(m, "throng_websocket_messages_total{direction=\"in\"}"));
            assertTrue(sample(m, "throng_websocket_messages_total{direction=\"out\"}")
                    >= before(before, "throng_websocket_messages_total{direction=\"out\"}") + 5);
            assertEquals(before(before, "throng_chat_messages_total{}") + 3, sample(m, "throng_chat_messages_total{}"));
            assertEquals(before(before, "throng_http_requests_total{status=\"1xx\"}") + 1,
                    sample(m, "throng_http_requests_total{status=\"1xx\"}"), "the upgrade's 101");
            assertTrue(sample(m, "throng_chat_store_commit_seconds_count{}") >= 3);
            assertTrue(sample(m, "jvm_memory_used_bytes{area=\"heap\"}") > 0, "the JVM's metrics beside the chat's");
        } finally {
            stop(p);
        }

        List<RecordedEvent> in = events(jfr, "throng.WebSocketMessage").stream()
                .filter(e -> e.getString("direction").equals("in")).toList();
        assertEquals(5, in.size(), in.toString());
        assertTrue(in.stream().allMatch(e -> e.getString("opcode").equals("text") && e.getLong("size") > 10));
        List<RecordedEvent> commits = events(jfr, "throng.ChatStoreCommit");
        assertEquals(3, commits.stream().mapToInt(e -> e.getInt("batchSize")).sum(), commits.toString());
        assertTrue(commits.stream().allMatch(e -> e.getString("store").equals("sqlite") && e.getLong("took") > 0));
        List<RecordedEvent> fanOuts = events(jfr, "throng.ChatFanOut");
        assertEquals(3, fanOuts.size(), fanOuts.toString());
        assertTrue(fanOuts.stream().allMatch(e -> e.getString("room").equals("lobby") && e.getInt("members") == 1));
        assertTrue(events(jfr, "throng.HttpRequest").stream().anyMatch(e -> e.getInt("status") == 101));
    }

    @Test
    void gatewayCountsRoutedRequestsOnMetricsAndRecordsThem() throws Exception {
        int port = freePort();
        Path conf = Files.writeString(dir.resolve("gateway.conf"), """
                host 127.0.0.1
                  route /app/ -> app
                handler app
                  requests tcp://127.0.0.1:%d
                  replies  tcp://127.0.0.1:%d
                  no-handler 503
                """.formatted(freePort(), freePort()));
        Path jfr = dir.resolve("gateway.jfr");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "gateway", "--config", conf.toString(), "--port", Integer.toString(port),
                "--jfr", jfr.toString());
        try {
            await(lines, "gateway listening on http://127.0.0.1:" + port);
            String noHandler = "throng_gateway_requests_total{handler=\"app\",outcome=\"no_handler\"}";
            String noRoute = "throng_gateway_requests_total{handler=\"\",outcome=\"no_route\"}";
            Map<String, Double> before = scrape(port);
            assertEquals("503", curlStatus(port, "/app/x"));
            assertEquals("503", curlStatus(port, "/app/y"));
            assertEquals("404", curlStatus(port, "/elsewhere"));
            Map<String, Double> m = scrape(port);
            assertEquals(before(before, noHandler) + 2, sample(m, noHandler));
            assertEquals(before(before, noRoute) + 1, sample(m, noRoute));
            assertEquals(before(before, "throng_http_requests_total{status=\"5xx\"}") + 2,
                    sample(m, "throng_http_requests_total{status=\"5xx\"}"));
        } finally {
            stop(p);
        }
        List<RecordedEvent> routed = events(jfr, "throng.GatewayRequest");
        assertEquals(List.of("/app/x no_handler app", "/app/y no_handler app", "/elsewhere no_route null"),
                routed.stream().map(e -> e.getString("path") + " " + e.getString("outcome") + " " + e.getString("handler"))
                        .sorted().toList());
    }
}
