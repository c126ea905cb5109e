package io.throng.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --grace SECONDS} of a server command: how long requests may finish once a shutdown begins. */
final class GraceOption {
    @Option(names = "--grace", defaultValue = "10", description = "Seconds to let requests finish on shutdown.")
    private int seconds;

    Duration duration() {
        return Duration.ofSeconds(seconds);
    }
}
