package io.throng.cli;

import io.throng.load.TargetPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every {@code throng load} subcommand shares: how many worker processes, which targets it may hit,
 * where its reports go, and the thresholds that fail a run. A picocli mixin, so http, ws and chat spell them the
 * same way.
 */
final class LoadOptions {
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
            description = "Fail (exit 1) if the p99 latency is above this, e.g. 50ms.")
    Duration maxP99;

    @Option(names = "--max-errors", defaultValue = "-1", description = "Fail (exit 1) if errors exceed this.")
    long maxErrors;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    TargetPolicy targets() {
        return new TargetPolicy(new HashSet<>(allowedHosts));
    }
}
