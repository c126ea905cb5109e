package io.throng.cli;

import io.throng.chat.server.StoreMigration;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code throng chat migrate --from DATA_DIR --to URL}: copies a SQLite chat (history, room records,
 * accounts, sessions, invites) into an empty PostgreSQL database in one transaction, and prints what
 * it copied. The work is {@link StoreMigration}'s; this parses and reports.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copy a SQLite chat (the data directory's chat.db) into an empty PostgreSQL database.")
final class ChatMigrateCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DATA_DIR",
            description = "The data directory that holds chat.db (stop that chat first).")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "URL",
            description = "The PostgreSQL database: jdbc:postgresql://... or postgresql://... (its schema is made if missing).")
    String to;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            StoreMigration.Counts counts = StoreMigration.migrate(from, to);
            out.println("throng chat migrate: copied " + counts);
            out.flush();
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to: " + e.getMessage());
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("throng chat migrate: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (SQLException e) {
            throw new EnvironmentException("throng chat migrate: " + e.getMessage());
        }
    }
}
