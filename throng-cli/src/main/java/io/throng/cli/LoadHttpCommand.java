package io.throng.cli;

import io.throng.load.Durations;
import io.throng.load.HtmlReport;
import io.throng.load.HttpWorkload;
import io.throng.load.JsonReport;
import io.throng.load.LoadReport;
import io.throng.load.LoadRunner;
import io.throng.load.LoadShape;
import io.throng.load.Summary;
import io.throng.load.TargetPolicy;
import io.throng.load.Thresholds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code throng load http URL}: closed model like wrk, open model like wrk2. */
@Command(name = "http", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "HTTP/1.1 load. Closed model by default (-c connections, each sends its next request when the previous"
                    + " response arrived, like wrk); --rate R selects the open model (R requests per second on a fixed"
                    + " schedule, latency measured from each request's intended send time, like wrk2).",
            "Targets must be loopback unless named with --allow-host. Runs end after -d (default 10s) or -n requests."},
        footer = {"", "Examples:",
            "  throng load http -c 64 -d 10s http://127.0.0.1:8080/plaintext",
            "  throng load http --rate 20000 -c 100 -d 30s --max-p99 10ms http://127.0.0.1:8080/json",
            "  throng load http -c 40000 --procs 3 -d 20s --json out.json --html out.html http://127.0.0.1:8080/"})
final class LoadHttpCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "URL", description = "http://host:port/path")
    String url;

    @Option(names = {"-c", "--connections"}, defaultValue = "64", description = "Connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-t", "--threads"}, description = "Event-loop threads per process (default: CPUs).")
    Integer threads;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
            description = "Length of the measured phase (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = {"-n", "--requests"}, defaultValue = "0",
            description = "Stop after this many requests (the duration still bounds the run).")
    long requests;

    @Option(names = {"-R", "--rate"}, defaultValue = "0",
            description = "Open model: total requests per second on a fixed schedule.")
    double rate;

    @Option(names = {"-p", "--pipeline"}, defaultValue = "1", description = "Requests in flight per connection.")
    int pipeline;

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

    @Option(names = "--procs", defaultValue = "1",
            description = "Worker processes; each binds its own 127.0.0.x source address (default ${DEFAULT-VALUE}).")
    int procs;

    @Option(names = "--allow-host", description = "Allow a non-loopback target host (repeatable).")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report with plots.")
    Path html;

    @Option(names = "--max-p99", converter = DurationConverter.class,
            description = "Fail (exit 1) if p99 latency is above this, e.g. 50ms.")
    Duration maxP99;

    @Option(names = "--max-errors", defaultValue = "-1", description = "Fail (exit 1) if errors exceed this.")
    long maxErrors;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] bodyBytes = bodyFile != null ? Files.readAllBytes(bodyFile)
                : body != null ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
        HttpWorkload workload;
        LoadShape shape;
        try {
            workload = HttpWorkload.of(url, method, headers, bodyBytes);
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            shape = new LoadShape(connections, t, duration, requests, rate, pipeline, timeout, procs);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LoadOutput output = new LoadOutput(spec, quiet);
        LoadRunner runner = new LoadRunner(new TargetPolicy(new HashSet<>(allowedHosts)),
                output.progress(Summary::progress));
        LoadReport report = output.run(runner::stop, () -> runner.run(workload, shape));
        List<String> violations = new Thresholds(maxP99, maxErrors).violations(report);
        return output.finish(violations, Summary.render(report, violations),
                json, JsonReport.render(report, violations), html, HtmlReport.render(report, violations));
    }

    /** Picocli converter for {@code 10s}, {@code 50ms}, {@code 2m}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }
}
