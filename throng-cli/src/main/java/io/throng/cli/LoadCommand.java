package io.throng.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code throng load}: load generators; one subcommand per kind of load, all run by {@link LoadSubcommand}. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Generate load and measure latency honestly (HdrHistogram, coordinated omission corrected).",
        subcommands = {LoadHttpCommand.class, LoadWsCommand.class, LoadChatCommand.class})
final class LoadCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
