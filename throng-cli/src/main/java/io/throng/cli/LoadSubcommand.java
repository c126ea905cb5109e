package io.throng.cli;

import io.throng.load.LoadPlan;
import io.throng.load.LoadRunner;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * The one {@code call()} of every {@code throng load} subcommand: a subcommand turns its options into a
 * {@link LoadPlan} and its report into a {@link LoadOutput.Verdict}; running, Ctrl-C, progress, files and the exit
 * code are the same for all.
 *
 * @param <P> the kind's plan
 * @param <R> the kind's report
 */
abstract class LoadSubcommand<P extends LoadPlan<?, ?, ?, R>, R> implements Callable<Integer> {

    @CommandLine.Parameters(index = "0", paramLabel = "URL", description = "The target: http:// or"
            + " https://host:port/path (load http), ws:// or wss://host:port/path (load ws), ws:// or wss://host:port/path"
            + " (load chat: the chat's WebSocket, /ws in throng chat; https://host:port/ names the same).")
    String url;

    @CommandLine.Mixin
    LoadOptions options = new LoadOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The run the options describe; an {@link IllegalArgumentException} for options that do not make one. */
    abstract P plan(LoadOutput output) throws IOException;

    /** The violations, summary and files of the report of {@code plan}'s run. */
    abstract LoadOutput.Verdict verdict(P plan, R report);

    @Override
    public final Integer call() throws Exception {
        LoadOutput output = new LoadOutput(spec, options);
        P plan;
        try {
            plan = plan(output);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LoadRunner runner = new LoadRunner(options.targets());
        LoadPlan<?, ?, ?, R> run = plan;
        R report = output.run(runner::stop, () -> runner.run(run));
        return output.finish(verdict(plan, report));
    }
}
