package io.throng.cli;

import io.throng.net.Prefork;
import io.throng.net.WorkerArgs;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --workers N} of a server command: N pre-fork worker processes share its port and this
 * process becomes their master ({@link Prefork}). A worker runs the command the user typed, every
 * option included, as {@link WorkerArgs} makes it.
 */
final class WorkersOption {
    @Option(names = "--workers", defaultValue = "1",
            description = "Worker processes sharing the port (default: ${DEFAULT-VALUE}, this process alone).")
    private int workers;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandSpec command;

    /** The number of workers; a usage error below one. */
    int count() {
        if (workers < 1) {
            throw new CommandLine.ParameterException(command.commandLine(), "--workers must be at least 1");
        }
        return workers;
    }

    /** True in the process that is to run workers rather than serve: more than one asked for, and no worker. */
    boolean master() {
        return count() > 1 && !Prefork.isWorker();
    }

    /**
     * How the master starts a worker: this JVM on {@link Main} with the master's own arguments, without
     * {@code --workers} and the hidden options (the master's to set for its workers, in {@code extra}).
     */
    List<String> workerCommand(String... extra) {
        Set<String> masterOnly = new HashSet<>();
        for (OptionSpec o : command.options()) {
            if (o.hidden() || o.longestName().equals("--workers")) {
                masterOnly.addAll(List.of(o.names()));
            }
        }
        List<String> masterArgs = command.root().commandLine().getParseResult().originalArgs();
        return Prefork.sameJvm(Main.class.getName(), WorkerArgs.of(masterArgs, masterOnly, List.of(extra)));
    }
}
