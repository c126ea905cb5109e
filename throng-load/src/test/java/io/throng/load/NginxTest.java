package io.throng.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.load.http.HttpLoad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integration with a real, fast server (Debian nginx), and agreement with wrk on req/s. */
class NginxTest {
    @TempDir
    static Path dir;
    static Nginx nginx;
    private final LoadRunner runner = new LoadRunner(new TargetPolicy(Set.of()));

    private LoadReport run(HttpWorkload workload, LoadShape shape) throws InterruptedException {
        return runner.run(new HttpLoad(workload, shape, null));
    }

    @BeforeAll
    static void startNginx() throws Exception {
        nginx = new Nginx(dir);
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static LoadShape closed(int connections, Duration d) {
        return new LoadShape(connections, 2, d, 0, 0, 1, Duration.ofSeconds(5), 1);
    }

    @Test
    void closedOpenAndPipelinedRunsAgainstNginxAreCleanAndReportable() throws Exception {
        LoadReport closed = run(HttpWorkload.get(nginx.url("/plaintext")), closed(32, Duration.ofSeconds(2)));
        assertEquals(0, closed.errorCount(), () -> closed.errorsByKind().toString());
        assertTrue(closed.completed() > 1_000, "completed " + closed.completed());
        // Every response is 'Hello, World!' plus nginx's ~150 bytes of headers.
        double perResponse = (double) closed.bytes() / closed.completed();
        assertTrue(perResponse > 140 && perResponse < 250, "bytes per response " + perResponse);

        LoadReport open = run(HttpWorkload.get(nginx.url("/json")),
                new LoadShape(16, 2, Duration.ofSeconds(2), 0, 2_000, 1, Duration.ofSeconds(5), 1));
        assertEquals(0, open.errorCount(), () -> open.errorsByKind().toString());
        assertTrue(open.completed() > 3_000 && open.completed() <= 4_000, "open completed " + open.completed());

        LoadReport pipelined = run(HttpWorkload.get(nginx.url("/plaintext")),
                new LoadShape(8, 2, Duration.ofSeconds(20), 40_000, 0, 16, Duration.ofSeconds(5), 1));
        assertEquals(40_000, pipelined.completed());
        assertEquals(0, pipelined.errorCount(), () -> pipelined.errorsByKind().toString());

        JsonNode json = new ObjectMapper().readTree(JsonReport.render(open, List.of()));
        assertEquals("open", json.get("model").asText());
        assertEquals(open.completed(), json.get("requests").asLong());
        assertEquals(open.percentileMicros(99), json.get("latency").get("p99").asLong());
        assertTrue(json.get("timeline").size() >= 2);
        String html = HtmlReport.render(open, List.of());
        assertTrue(html.contains("<svg") && html.contains("Latency by percentile"));
        String outside = html.replace("http://www.w3.org/2000/svg", "").replace(nginx.url(""), "");
        assertTrue(!outside.contains("http://") && !outside.contains("https://") && !outside.contains("src="),
                "self-contained: no external URLs");
    }

    @Test
    void workerProcessesUseTheirOwnSourceAddressesAndMerge() throws Exception {
        LoadReport r = run(HttpWorkload.get(nginx.url("/plaintext")),
                new LoadShape(40, 1, Duration.ofSeconds(2), 0, 0, 1, Duration.ofSeconds(5), 2));
        assertEquals(0, r.errorCount(), () -> r.errorsByKind().toString());
        assertTrue(r.completed() > 1_000, "completed " + r.completed());
        assertEquals(40, r.timeline().getFirst().connections(), "both workers' connections are counted");
        assertEquals(r.completed(), r.latency().getTotalCount());
    }

    /**
     * The cross-check: on the same nginx, throng load and wrk must agree on req/s within 10%.
     *
     * <p><b>What is compared.</b> A load generator's req/s is a measurement of the server only while the server is
     * the bottleneck. On this 2-core box, against nginx's {@code /plaintext}, it is not: nginx's two workers and the
     * client's two threads share two cores, each client takes about one core whichever it is (measured with
     * {@code getProcessCpuTime} and {@code time(1)}: 0.95-1.0 CPU-seconds per second for both), and the throughput is
     * what that core buys, so the faster client reads more. throng load spends 5.6-6.9 µs of CPU per request there
     * and wrk 6.1-7.8 µs, and throng load read 8-22% above wrk (medians of ten 1 s pairs: 1.12; of four 5 s pairs:
     * 1.18, so not a short-run effect). Pinning nginx to core 0 and the client to core 1 changes nothing: the client
     * is then saturated on its core and the cheaper client still wins (median 1.12, ±50% noise from neighbours).
     * Counting is not the cause: with nginx's access log on, the log held exactly the responses both tools reported
     * plus the requests still in flight at their end (1,437,044 lines for 655,523 + 781,433 reported and 64 + 24
     * in flight, 5 s each). Both count complete responses over the measured time.
     *
     * <p>So the test compares like with like: {@code /gzip} has nginx compress 16 KB of text per request (about
     * 5 KB reach the client), which makes nginx the bottleneck at about 30,000 req/s while each client
     * uses a third of a core or less. There both tools measure nginx and agree: median ratio 0.98 (pairs 0.64-1.14 on
     * a machine at load 4-5), where {@code /plaintext} gave 1.12-1.22.
     *
     * <p>Other work on a shared 2-core box comes in bursts of seconds, so single runs differ by ±40% whichever tool
     * runs; hence short (1 s) runs interleaved in ten pairs, and the median of the pair ratios. If that median misses,
     * the whole measurement is repeated once (and reported): a real disagreement shows in both, a burst of neighbours
     * rarely in two in a row.
     */
    @Test
    void agreesWithWrkWithinTenPercentWhenNginxIsTheBottleneck() throws Exception {
        Path wrk = Path.of("/usr/bin/wrk");
        Assumptions.assumeTrue(Files.isExecutable(wrk), "wrk is not installed (Debian package `wrk`, in .ci/run)");
        String url = nginx.url("/gzip");
        HttpWorkload gzip = HttpWorkload.of(url, "GET", List.of(GZIP), new byte[0]);
        LoadShape shape = new LoadShape(64, 2, Duration.ofSeconds(1), 0, 0, 1, Duration.ofSeconds(5), 1);
        LoadReport warm = run(gzip, shape); // JIT warm-up, not measured
        assertEquals(0, warm.errorCount(), () -> warm.errorsByKind().toString());
        // nginx really compressed: the client got well under the 16 KB file per response
        assertTrue(warm.bytes() / warm.completed() < 8_000, "bytes per response " + warm.bytes() / warm.completed());
        run(gzip, shape);
        double ratio = 0;
        List<Double> ratios = new ArrayList<>();
        for (int attempt = 1; attempt <= 2; attempt++) {
            ratios = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                double theirs = wrk(wrk, url);
                double ours = run(gzip, shape).requestsPerSecond();
                ratios.add(ours / theirs);
            }
            ratio = median(ratios);
            System.out.printf("throng load / wrk on nginx /gzip, attempt %d: median ratio %.3f of %s%n", attempt, ratio,
                    ratios);
            if (Math.abs(ratio - 1) <= TOLERANCE) {
                break;
            }
        }
        assertTrue(Math.abs(ratio - 1) <= TOLERANCE, String.format("median ratio throng/wrk %.3f of %s", ratio, ratios));
    }

    private static final double TOLERANCE = 0.10;
    private static final String GZIP = "Accept-Encoding: gzip";

    private static double wrk(Path wrk, String url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(wrk.toString(), "-t2", "-c64", "-d1s", "-H", GZIP, url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "wrk did not finish");
        Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        assertTrue(m.find(), "no Requests/sec in wrk output: " + out);
        return Double.parseDouble(m.group(1));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
