package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of every command that runs pre-fork workers reaches its workers: the test gives each
 * option a value other than its default, builds the workers' command line as the command does, parses
 * it as a worker would and compares every option. An option added later is covered without a change.
 */
class WorkerCommandTest {
    @Test
    void everyOptionOfEveryServerCommandReachesItsWorkers() {
        int checked = 0;
        for (CommandLine sub : new CommandLine(new Main()).getSubcommands().values()) {
            CommandSpec command = sub.getCommandSpec();
            if (command.findOption("--workers") == null) {
                continue;
            }
            checked++;
            List<String> masterArgs = new ArrayList<>(List.of("--verbose", command.name(), "--workers", "3"));
            for (OptionSpec o : passedOn(command)) {
                masterArgs.addAll(sample(o));
            }
            CommandSpec master = parse(masterArgs);
            WorkersOption workers = (WorkersOption) master.mixins().get("workers").userObject();
            List<String> cmd = workers.workerCommand("--extra-for-workers-only");
            List<String> workerArgs = cmd.subList(cmd.indexOf(Main.class.getName()) + 1, cmd.size() - 1);
            assertEquals("--extra-for-workers-only", cmd.getLast(), "the master's own arguments come last");
            assertFalse(workerArgs.contains("--workers"), command.name() + ": a worker runs no workers: " + workerArgs);

            CommandSpec worker = parse(workerArgs);
            CommandSpec defaults = parse(List.of(command.name()));
            assertTrue(((Main) worker.root().userObject()).verbose, command.name() + ": --verbose reaches the workers");
            for (OptionSpec o : passedOn(command)) {
                Object given = master.findOption(o.longestName()).getValue();
                assertNotEquals(defaults.findOption(o.longestName()).getValue(), given,
                        command.name() + " " + o.longestName() + ": the sample must differ from the default");
                assertEquals(given, worker.findOption(o.longestName()).getValue(),
                        command.name() + " " + o.longestName() + " reaches the workers");
            }
        }
        assertTrue(checked >= 3, "chat, serve and bench-server run workers; found " + checked);
    }

    /**
     * The command's own options a worker must get as the user gave them: all but help, --workers and the
     * hidden ones (the master sets those); {@code --verbose}, inherited from {@code throng}, is checked apart.
     */
    private static List<OptionSpec> passedOn(CommandSpec command) {
        return command.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.inherited() && !o.hidden())
                .filter(o -> !o.longestName().equals("--workers"))
                .toList();
    }

    /** Samples for the string options that are checked as they are parsed: a made-up string would be refused. */
    private static final Map<String, String> CHECKED_SAMPLES = Map.of("--jfr-rate", "37/m");

    /** The option on the command line with a value no default has (twice for a repeatable one). */
    private static List<String> sample(OptionSpec o) {
        if (o.arity().max() == 0) {
            return List.of(o.longestName());
        }
        Class<?> type = o.isMultiValue() ? o.auxiliaryTypes()[0] : o.type();
        String value;
        if (CHECKED_SAMPLES.containsKey(o.longestName())) {
            value = CHECKED_SAMPLES.get(o.longestName());
        } else if (type == int.class || type == Integer.class) {
            value = "4321";
        } else if (type == double.class || type == Double.class) {
            value = "2.5";
        } else if (type == Path.class) {
            value = "sample-dir";
        } else {
            value = "sample" + o.longestName();
        }
        List<String> args = new ArrayList<>(List.of(o.longestName(), value));
        if (o.isMultiValue()) {
            args.addAll(List.of(o.longestName(), value + "-again"));
        }
        return args;
    }

    /** The spec of the subcommand {@code args} name, with the values they give. */
    private static CommandSpec parse(List<String> args) {
        CommandLine cli = new CommandLine(new Main());
        CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
        return parsed.subcommand().commandSpec();
    }
}
