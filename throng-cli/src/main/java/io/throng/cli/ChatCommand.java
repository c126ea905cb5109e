package io.throng.cli;

import io.throng.chat.account.Accounts;
import io.throng.chat.account.PasswordHasher;
import io.throng.chat.account.Registration;
import io.throng.chat.server.ChatMaster;
import io.throng.chat.server.ChatServer;
import io.throng.chat.server.ChatServerOptions;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.store.Durability;
import io.throng.chat.web.ChatWeb;
import io.throng.http.HttpServer;
import io.throng.net.Prefork;
import io.throng.net.tls.TlsContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code throng chat}: the instant-messaging server, Throng's main job. It listens on loopback by
 * default. Users log in (protocol version 2); registration is open on loopback and by invite elsewhere
 * unless {@code --registration} says otherwise. Version 1 (claimed nicknames, no login) only with
 * {@code --insecure-nicknames}, and only on loopback. {@code throng chat admin} manages accounts.
 *
 * <p>This command parses options into {@link ChatServerOptions} and runs the server in its role
 * ({@code io.throng.chat.server}): one process, or with {@code --workers N} the room service and
 * pre-fork master, whose N worker processes run this command again with {@code --room-service}.
 * With the TLS options it serves HTTPS and WSS (HSTS on its responses); in a single process SIGHUP
 * reads the certificate files again, and a master (which binds no HTTP port) only checks them: its
 * workers get the same options and SIGHUP replaces them one at a time, each reading the files anew.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, subcommands = {ChatAdminCommand.class, ChatMigrateCommand.class},
        description = "Run the chat server (web page; WebSocket, SSE and long-poll transports; SQLite history, or "
                + "PostgreSQL with --store).")
final class ChatCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every "
                    + "interface; serve it over TLS then, the login cookie and passwords cross the network).")
    String host;

    @Option(names = "--registration", paramLabel = "open|invite|closed",
            description = "Who may create an account on the page: anyone (open), holders of an invite from "
                    + "'throng chat admin invite' (invite), or nobody, the operator creates them (closed). "
                    + "Default: open on a loopback address, invite otherwise.")
    String registration;

    @Option(names = "--insecure-nicknames",
            description = "Also serve protocol version 1: anyone may claim any nickname, no login (old clients, "
                    + "load tests). Refused unless --host is a loopback address.")
    boolean insecureNicknames;

    @Option(names = "--argon2", paramLabel = "M,T,P", defaultValue = "19456,2,1",
            description = "Argon2id cost of new password hashes: memory in KiB, iterations, lanes "
                    + "(default: ${DEFAULT-VALUE}, OWASP's minimum). Stored hashes keep their own.")
    String argon2;

    @Option(names = "--data", defaultValue = "data",
            description = "Directory for the history database, chat.db (default: ${DEFAULT-VALUE}, in the working directory).")
    Path data;

    @Option(names = "--store", paramLabel = "URL", defaultValue = "${env:THRONG_CHAT_STORE}",
            description = "Keep messages, rooms and accounts in PostgreSQL instead of --data's SQLite file: "
                    + "jdbc:postgresql://HOST:PORT/DB?user=U or postgresql://U@HOST:PORT/DB (default: the environment "
                    + "variable THRONG_CHAT_STORE, else SQLite). A password in the URL shows in the process list: "
                    + "prefer ~/.pgpass or THRONG_CHAT_STORE.")
    String store;

    @Option(names = "--grace", defaultValue = "5", description = "Seconds to let requests finish on shutdown.")
    int graceSeconds;

    @CommandLine.Mixin
    WorkersOption workers;

    @CommandLine.Mixin
    JfrOption jfr;

    @CommandLine.Mixin
    TlsOptions tlsOptions;

    @CommandLine.Mixin
    HttpRedirectOption httpRedirect;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "Also let pages from ORIGIN (e.g. https://chat.example.com, or *) open the WebSocket; "
                    + "by default only the server's own pages may (repeatable).")
    List<String> allowOrigins = new ArrayList<>();

    @Option(names = "--rate", defaultValue = "5", paramLabel = "N",
            description = "Messages per second per user (token bucket; default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--burst", defaultValue = "20", paramLabel = "N",
            description = "Messages a user may send at once before --rate applies (default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--presence-grace", defaultValue = "15", paramLabel = "SECONDS",
            description = "How long a user whose connection dropped still counts as online, so that a reconnect "
                    + "does not flap joined/left (default: ${DEFAULT-VALUE}).")
    double presenceGrace;

    @Option(names = "--room-service", hidden = true, description = "Internal: REQUESTS,EVENTS endpoints of the master.")
    String roomService;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private String registrationLine = "";
    /** Where the history is, as the operator may see it (never a password). */
    private String storeShown = "";

    @Override
    public Integer call() throws Exception {
        tlsOptions.check(workers.count());
        httpRedirect.check(tlsOptions);
        ChatServerOptions plain = options();
        this.registrationLine = registrationNote(plain);
        PrintWriter out = spec.commandLine().getOut();
        jfr.start(); // the master too: it runs the room service (store commits, fan-out)
        if (workers.master()) {
            tlsOptions.context(out); // unreadable certificate files stop the master, not each worker in a loop
            try {
                return master(plain);
            } finally {
                jfr.stop();
            }
        }
        io.throng.http.metrics.Metrics.start(); // the JVM's metrics on the chat's /metrics
        TlsContext tls = tlsOptions.context(out);
        ChatServerOptions options = plain.withTls(tls);
        if (Prefork.isWorker() && roomService != null) {
            return serve(orFail(() -> ChatServer.worker(options, roomService)));
        }
        tlsOptions.reloadOnHangup(tls, out);
        return serve(orFail(() -> ChatServer.start(options)));
    }

    private ChatServerOptions options() {
        if (!(rate > 0) || burst < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be positive and --burst at least 1");
        }
        ChatConfig config = ChatConfig.defaults().withRate(rate, burst);
        if (!(presenceGrace >= 0) || presenceGrace > config.sessionTtl().toSeconds()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--presence-grace must be between 0 and "
                    + config.sessionTtl().toSeconds() + " seconds (the session lifetime)");
        }
        config = config.withTimes(Duration.ofMillis(Math.round(presenceGrace * 1000)), config.sessionTtl());
        if (insecureNicknames && !ChatServerOptions.isLoopback(host)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--insecure-nicknames lets anyone claim "
                    + "any name: it is only allowed on a loopback --host (127.0.0.1, ::1), not " + host);
        }
        ChatServerOptions options = new ChatServerOptions(host, port, data.resolve("chat.db"), Durability.FULL, config,
                ChatWeb.Options.defaults().withAllowedOrigins(allowOrigins), Duration.ofSeconds(graceSeconds));
        try {
            options = options.withStore(store == null || store.isBlank() ? null : store);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store: " + e.getMessage());
        }
        storeShown = options.storeShown();
        Registration mode = options.accounts().registration();
        if (registration != null) {
            try {
                mode = Registration.valueOf(registration.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--registration is open, invite or closed");
            }
        }
        PasswordHasher hasher;
        try {
            String[] mtp = argon2.split(",");
            hasher = new PasswordHasher(Integer.parseInt(mtp[0].strip()), Integer.parseInt(mtp[1].strip()),
                    Integer.parseInt(mtp[2].strip()));
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--argon2 is MEMORY_KIB,ITERATIONS,LANES "
                    + "(e.g. 19456,2,1) with lanes >= 1 and memory >= 8 x lanes");
        }
        return options.withAccounts(new Accounts.Options(mode, hasher, options.accounts().sessionTtl(),
                options.accounts().hashingSlots(), options.accounts().inviteTtl())).withInsecureNicknames(insecureNicknames);
    }

    /** How registration is set, and how to change it: part of the start-up line. */
    private static String registrationNote(ChatServerOptions options) {
        String mode = options.accounts().registration().wire();
        String how = switch (options.accounts().registration()) {
            case OPEN -> "anyone can create an account on the page; --registration invite|closed to change";
            case INVITE -> "accounts need an invite from 'throng chat admin invite'; --registration open|closed to change";
            case CLOSED -> "accounts come from 'throng chat admin create'; --registration open|invite to change";
        };
        return "registration " + mode + " (" + how + ")" + (options.insecureNicknames()
                ? "; protocol version 1 (claimed nicknames, no login) also served: --insecure-nicknames" : "");
    }

    /** Serves until SIGTERM/SIGINT (or, in a worker, until the master goes away), then closes the server. */
    private int serve(ChatServer<?> server) throws InterruptedException {
        boolean worker = Prefork.isWorker();
        HttpServer redirect;
        try {
            redirect = httpRedirect.start(host, server.port(), worker);
        } catch (EnvironmentException e) {
            closeQuietly(server);
            throw e;
        }
        Runnable close = () -> {
            try {
                if (redirect != null) {
                    redirect.shutdown(Duration.ofSeconds(graceSeconds));
                }
                server.close();
            } catch (Exception e) {
                System.err.println("throng chat: " + (worker ? "worker shutdown: " : "shutdown: ") + e);
            }
            jfr.stop();
        };
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            stopped.countDown();
        }, "throng-chat-stop"));
        if (worker) {
            Prefork.exitWithMaster(close);
        }
        announce(server);
        if (redirect != null) {
            spec.commandLine().getOut().println("throng chat: redirecting http://" + host + ":" + redirect.port() + "/ to https");
            spec.commandLine().getOut().flush();
        }
        if (worker) {
            Prefork.announceReady();
        }
        stopped.await();
        return ExitCodes.OK;
    }

    private int master(ChatServerOptions options) throws Exception {
        ChatMaster master = orFail(() -> ChatServer.master(options));
        PrintWriter out = spec.commandLine().getOut();
        out.println("throng chat: room service pid " + ProcessHandle.current().pid() + ", history in "
                + (options.postgres() ? "PostgreSQL " : "") + storeShown + ", starting " + workers.count() + " workers; "
                + registrationLine);
        out.flush();
        int rc = master.runWorkers(workers.workerCommand("--room-service", master.roomService()), workers.count());
        return rc == 0 ? ExitCodes.OK : rc;
    }

    private static void closeQuietly(ChatServer<?> server) {
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("throng chat: shutdown: " + e);
        }
    }

    /** Something that opens the history and may listen. */
    private interface Opening<T> {
        T open() throws SQLException, IOException, InterruptedException;
    }

    /** Opens, turning a history or port that cannot be had into the environment error users see. */
    private <T> T orFail(Opening<T> opening) throws InterruptedException {
        try {
            return opening.open();
        } catch (SQLException e) {
            throw new EnvironmentException("cannot open the history database " + storeShown + ": " + e.getMessage());
        } catch (IOException e) {
            String why = e instanceof BindException ? "cannot listen on " + host + ":" + port : "cannot start";
            throw new EnvironmentException(why + ": " + e.getMessage());
        }
    }

    private void announce(ChatServer<?> server) {
        String shown = host.equals("0.0.0.0") || host.equals("::") || host.equals("127.0.0.1") ? "localhost" : host;
        var out = spec.commandLine().getOut();
        out.println("throng chat: serving " + (tlsOptions.enabled() ? "https://" : "http://") + (shown.contains(":") ? "[" + shown + "]" : shown) + ":"
                + server.port() + "/ (" + server.summary() + ", pid " + ProcessHandle.current().pid() + "; Ctrl-C to stop)");
        if (!Prefork.isWorker()) {
            out.println("throng chat: " + registrationLine);
        }
        out.flush();
    }
}
