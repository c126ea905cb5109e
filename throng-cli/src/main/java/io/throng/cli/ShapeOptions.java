package io.throng.cli;

import io.throng.load.LoadShape;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The load shape {@code load http} and {@code load ws} share: connections, the measured phase, and the
 * closed or open model. A request of one is a message of the other; {@code load chat} shapes its load
 * by users and rooms instead.
 */
final class ShapeOptions {
    @Option(names = {"-c", "--connections"}, defaultValue = "64",
            description = "Connections; fan-out receivers with load ws --mode fanout (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
            description = "Length of the measured phase (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = {"-R", "--rate"}, defaultValue = "0",
            description = "Open model: requests (load ws: messages) per second in total, on a fixed schedule.")
    double rate;

    @Option(names = {"-p", "--pipeline"}, defaultValue = "1",
            description = "Requests in flight per connection (load ws: messages per connection or fan-out sender,"
                    + " closed model only).")
    int pipeline;

    /** The shape of a run of these options and the command's own. */
    LoadShape shape(int threads, long requests, Duration timeout, int procs) {
        return new LoadShape(connections, threads, duration, requests, rate, pipeline, timeout, procs);
    }
}
