package io.throng.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code throng load}: load generators; one subcommand per protocol (ws and chat join when they land). */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Generate load and measure latency honestly (HdrHistogram, coordinated omission corrected).",
        subcommands = {LoadHttpCommand.class, LoadWsCommand.class})
final class LoadCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
