package io.throng.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of {@code ./throng}: wires the subcommands and the error policy, then runs. */
@Command(
        name = "throng",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "High-concurrency networking on Java virtual threads.",
        subcommands = {ChatCommand.class, ServeCommand.class, GatewayCommand.class, BenchServerCommand.class, LoadCommand.class, ChaosCommand.class,
            NcCommand.class, CaptureCommand.class, PingCommand.class, TracerouteCommand.class, BridgeCommand.class, TunnelCommand.class,
            VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // `throng` alone shows what it can do rather than failing.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code; separated from {@link #main} for tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("throng: " + ExitCodes.describe(ex));
            if (main.verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return ExitCodes.forException(ex);
        });
        cli.setParameterExceptionHandler((ex, args1) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println("throng: " + ex.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
            failed.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }
}
