package io.throng.cli;

import picocli.CommandLine.Option;

/** {@code -t/--threads} of a load command that runs event loops: how many per process, one per CPU by default. */
final class ThreadsOption {
    @Option(names = {"-t", "--threads"}, description = "Event-loop threads per process (default: CPUs).")
    private Integer threads;

    /** Event-loop threads per process: as given, or one per CPU. */
    int perProcess() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
