package io.throng.cli;

import io.throng.load.HtmlReport;
import io.throng.load.HttpWorkload;
import io.throng.load.JsonReport;
import io.throng.load.LoadReport;
import io.throng.load.Summary;
import io.throng.load.Thresholds;
import io.throng.load.http.HttpLoad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code throng load http URL}: closed model like wrk, open model like wrk2. */
@Command(name = "http", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "HTTP/1.1 load. Closed model by default (-c connections, each sends its next request when the previous"
                    + " response arrived, like wrk); --rate R selects the open model (R requests per second on a fixed"
                    + " schedule, latency measured from each request's intended send time, like wrk2).",
            "Connecting: up to --timeout (then up to twice that for all loops) before measuring; the report counts the"
                    + " -c connections when measuring began: held, refused, timed out, failed (their latest attempt),"
                    + " or pending (a connect in flight), adding up to -c. Those not held keep trying during the"
                    + " measured phase, as a connection lost during the run does; every failed attempt is a 'connect'"
                    + " error.",
            "https:// URLs speak TLS 1.3/1.2, the certificate checked against the JDK's trust store and the URL's host,"
                    + " or against --cacert FILE; -k skips the check. A connection is held once its handshake is done;"
                    + " the report gives the TCP connect and the TLS handshake times apart, and failed handshakes as"
                    + " 'tls' errors with their reason (untrusted, expired, wrong_host, closed, timed_out, handshake).",
            "Targets must be loopback unless named with --allow-host. Runs end after -d (default 10s) or -n requests."},
        footer = {"", "Examples:",
            "  throng load http -c 64 -d 10s http://127.0.0.1:8080/plaintext",
            "  throng load http --rate 20000 -c 100 -d 30s --max-p99 10ms http://127.0.0.1:8080/json",
            "  throng load http -c 40000 --procs 3 -d 20s --json out.json --html out.html http://127.0.0.1:8080/",
            "  throng load http -c 64 -d 10s --cacert ca.pem https://localhost:8443/"})
final class LoadHttpCommand extends LoadSubcommand<HttpLoad, LoadReport> {

    @Mixin
    ShapeOptions shape;

    @Mixin
    ThreadsOption threads;

    @Mixin
    TrustOptions trust;

    @Option(names = {"-n", "--requests"}, defaultValue = "0",
            description = "Stop after this many requests (the duration still bounds the run).")
    long requests;

    @Option(names = {"-X", "--method"}, defaultValue = "GET", description = "Request method.")
    String method;

    @Option(names = {"-H", "--header"}, description = "Extra header 'Name: value' (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body", description = "Request body.")
    String body;

    @Option(names = "--body-file", description = "Request body from a file.")
    Path bodyFile;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "Request and connect timeout (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    HttpLoad plan(LoadOutput output) throws IOException {
        byte[] bodyBytes = bodyFile != null ? Files.readAllBytes(bodyFile)
                : body != null ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
        HttpWorkload workload = HttpWorkload.of(url, method, headers, bodyBytes, trust.trust());
        return new HttpLoad(workload, shape.shape(threads.perProcess(), requests, timeout, options.procs),
                output.progress(Summary::progress));
    }

    @Override
    LoadOutput.Verdict verdict(HttpLoad plan, LoadReport report) {
        List<String> violations = new Thresholds(options.maxP99, options.maxErrors).violations(report);
        return new LoadOutput.Verdict(violations, Summary.render(report, violations),
                () -> JsonReport.render(report, violations), () -> HtmlReport.render(report, violations));
    }
}
