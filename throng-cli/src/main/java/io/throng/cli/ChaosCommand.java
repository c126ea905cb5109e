package io.throng.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code throng chaos}: the fault-injection proxy with toxiproxy's API (docs/chaos.md). {@code serve}
 * runs it; the others are its client, as toxiproxy-cli is toxiproxy's.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Fault-injection TCP proxy with toxiproxy's HTTP API: serve it, or drive one.",
        subcommands = {ChaosServeCommand.class, ChaosClientCommands.ListProxies.class, ChaosClientCommands.Create.class,
            ChaosClientCommands.Delete.class, ChaosClientCommands.Toggle.class, ChaosToxicCommands.class})
final class ChaosCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
