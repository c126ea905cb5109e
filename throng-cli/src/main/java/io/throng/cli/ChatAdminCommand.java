package io.throng.cli;

import io.throng.chat.account.AccountException;
import io.throng.chat.account.Accounts;
import io.throng.chat.account.PasswordHasher;
import io.throng.chat.account.Registration;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.InstantSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code throng chat admin ...}: accounts, invites and sessions, on the chat's store file, while the
 * server runs (SQLite WAL; the server's revocation watcher closes revoked sessions' connections within
 * a quarter of a second). Passwords are read from the terminal without echo, or the first line of
 * standard input, never from the command line (which other users can see in the process list).
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Manage chat accounts, invites and sessions (works while the server runs).")
final class ChatAdminCommand {
    @Option(names = "--data", defaultValue = "data", scope = CommandLine.ScopeType.INHERIT,
            description = "Directory of the chat's chat.db (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--store", paramLabel = "URL", defaultValue = "${env:THRONG_CHAT_STORE}",
            scope = CommandLine.ScopeType.INHERIT,
            description = "The chat's PostgreSQL database, as 'throng chat --store' (default: THRONG_CHAT_STORE, else --data).")
    String store;

    @Option(names = "--argon2", paramLabel = "M,T,P", defaultValue = "19456,2,1", scope = CommandLine.ScopeType.INHERIT,
            description = "Argon2id cost of the hashes this command writes (default: ${DEFAULT-VALUE}).")
    String argon2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private interface Work {
        void run(Accounts accounts, PrintWriter out) throws AccountException, java.io.IOException;
    }

    private int run(Work work) throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        String[] mtp = argon2.split(",");
        PasswordHasher hasher = new PasswordHasher(Integer.parseInt(mtp[0]), Integer.parseInt(mtp[1]), Integer.parseInt(mtp[2]));
        Accounts.Options options = Accounts.Options.defaults(Registration.CLOSED).withHasher(hasher);
        boolean postgres = store != null && !store.isBlank();
        try (Accounts accounts = postgres ? Accounts.openPostgres(store, options, InstantSource.system())
                : Accounts.open(data.resolve("chat.db"), options, InstantSource.system())) {
            work.run(accounts, out);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store: " + e.getMessage());
        } catch (SQLException e) {
            throw new EnvironmentException("cannot open " + (postgres ? "the --store database" : data.resolve("chat.db")
                    .toAbsolutePath()) + ": " + e.getMessage());
        } catch (AccountException e) {
            spec.commandLine().getErr().println("throng chat admin: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String password(String prompt) throws java.io.IOException {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            char[] pw = console.readPassword("%s: ", prompt);
            return pw == null ? "" : new String(pw);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line;
    }

    @Command(name = "create", description = "Create an account (password from the terminal or stdin's first line).")
    int create(@Parameters(paramLabel = "NAME") String name) throws java.io.IOException {
        return run((a, out) -> {
            a.create(name, password("password for " + name));
            out.println("created " + name);
        });
    }

    @Command(name = "reset-password", description = "Set a new password; ends every session of the account.")
    int resetPassword(@Parameters(paramLabel = "NAME") String name) throws java.io.IOException {
        return run((a, out) -> {
            a.resetPassword(name, password("new password for " + name));
            out.println("password of " + name + " reset; its sessions are revoked");
        });
    }

    @Command(name = "disable", description = "Disable an account; ends its sessions.")
    int disable(@Parameters(paramLabel = "NAME") String name) throws java.io.IOException {
        return run((a, out) -> {
            a.setDisabled(name, true);
            out.println("disabled " + name);
        });
    }

    @Command(name = "enable", description = "Enable a disabled account.")
    int enable(@Parameters(paramLabel = "NAME") String name) throws java.io.IOException {
        return run((a, out) -> {
            a.setDisabled(name, false);
            out.println("enabled " + name);
        });
    }

    @Command(name = "invite", description = "Print a new single-use invite (valid 7 days).")
    int invite() throws java.io.IOException {
        return run((a, out) -> out.println(a.invite()));
    }

    @Command(name = "accounts", description = "List accounts.")
    int accounts() throws java.io.IOException {
        return run((a, out) -> a.accounts().forEach(i ->
                out.println(i.name() + "\tcreated " + i.created() + (i.disabled() ? "\tdisabled" : ""))));
    }

    @Command(name = "sessions", description = "List sessions (of one account, or all).")
    int sessions(@Parameters(paramLabel = "NAME", arity = "0..1") String name) throws java.io.IOException {
        return run((a, out) -> a.sessions(name).forEach(s -> out.println(s.id() + "\t" + s.account()
                + "\tcreated " + s.created() + "\texpires " + s.expires() + (s.revoked() ? "\trevoked" : ""))));
    }

    @Command(name = "logins", description = {
        "For load tests (throng load chat --accounts FILE): makes sure accounts PREFIX0 .. PREFIX<COUNT-1> exist"
                + " (created with one password, from the terminal or stdin's first line, hashed with --argon2), logs"
                + " each in through the server's own login (the password checked against its hash) and writes one"
                + " 'NAME TOKEN' line per account to FILE, readable by its owner only.",
        "Each token is a real 30-day login: revoke them with 'revoke --account NAME' or disable the accounts. A cheap"
                + " --argon2 (e.g. 64,1,1) makes thousands of accounts in seconds: the hash is what logging in costs,"
                + " not what a token costs once issued."})
    int logins(@Option(names = "--prefix", defaultValue = "u", description = "Account names start with this "
                       + "(default: ${DEFAULT-VALUE}).") String prefix,
               @Option(names = "--count", required = true, description = "How many accounts.") int count,
               @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the tokens go.")
               Path file) throws java.io.IOException {
        if (count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        return run((a, out) -> {
            String pw = password("password of the accounts");
            StringBuilder lines = new StringBuilder(count * 56);
            int created = 0;
            for (int i = 0; i < count; i++) {
                String name = prefix + i;
                try {
                    a.create(name, pw);
                    created++;
                } catch (AccountException e) {
                    if (e.kind() != AccountException.Kind.TAKEN) {
                        throw e;
                    }
                    // it exists: the login below proves it has this password, or fails
                }
                lines.append(name).append(' ').append(a.login(name, pw, "admin").token()).append('\n');
            }
            writeOwnerOnly(file, lines.toString());
            out.println("wrote " + count + " logins (" + created + " accounts created) to " + file);
        });
    }

    /** Writes {@code text} to {@code file} through a temporary file readable by its owner only: tokens are secrets. */
    private static void writeOwnerOnly(Path file, String text) throws java.io.IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = java.nio.file.Files.createTempFile(abs.getParent(), ".logins", ".tmp",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        java.nio.file.Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        java.nio.file.Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Command(name = "revoke", description = "Revoke a session by its id (from 'sessions'), or all of an account's.")
    int revoke(@Parameters(paramLabel = "SESSION_ID", arity = "0..1") String id,
               @Option(names = "--account", paramLabel = "NAME") String account) throws java.io.IOException {
        if ((id == null) == (account == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a SESSION_ID or --account NAME");
        }
        return run((a, out) -> out.println("revoked " + (id != null ? a.revokeSession(id) : a.revokeAccount(account))
                + " session(s)"));
    }
}
