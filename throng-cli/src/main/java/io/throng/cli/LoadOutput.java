package io.throng.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * What every {@code throng load} subcommand does around its run, so http, ws and chat behave the same: a live
 * progress line only on a terminal, Ctrl-C stopping the run cleanly (the partial report is still printed),
 * the summary, the {@code --json}/{@code --html} files and the exit code from the threshold violations.
 */
final class LoadOutput {

    private final CommandLine.Model.CommandSpec spec;
    private final LoadOptions options;
    private final PrintWriter out;
    private final boolean live;

    LoadOutput(CommandLine.Model.CommandSpec spec, LoadOptions options) {
        this.spec = spec;
        this.options = options;
        this.out = spec.commandLine().getOut();
        Console console = System.console();
        this.live = !options.quiet && console != null && console.isTerminal();
    }

    /** A progress sink redrawing one line in place, or null (no progress) when output is not a terminal. */
    <P> Consumer<P> progress(Function<P, String> line) {
        return live ? p -> {
            out.print("\r" + line.apply(p) + "\033[K");
            out.flush();
        } : null;
    }

    /**
     * Runs {@code run} with a shutdown hook calling {@code stop}, so Ctrl-C ends the run early instead of
     * killing it; a target the runner refuses becomes a usage error (exit 2), like a bad option.
     */
    <R> R run(Runnable stop, Callable<R> run) throws Exception {
        Thread hook = new Thread(stop);
        Runtime.getRuntime().addShutdownHook(hook);
        R report;
        try {
            report = run.call();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        if (live) {
            out.print("\r\033[K");
        }
        return report;
    }

    /** A report rendered only if its file was asked for. */
    interface Rendering {
        String render() throws IOException;
    }

    /** How a run went: the thresholds it missed, the summary, and its reports rendered when asked for. */
    record Verdict(List<String> violations, String summary, Rendering json, Rendering html) {}

    /** Prints the summary, writes the requested report files and returns the exit code. */
    int finish(Verdict verdict) throws IOException {
        out.print(verdict.summary());
        out.flush();
        write(options.json, verdict.json());
        write(options.html, verdict.html());
        return verdict.violations().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static void write(Path file, Rendering content) throws IOException {
        if (file == null) {
            return;
        }
        String text = content.render();
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EnvironmentException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
