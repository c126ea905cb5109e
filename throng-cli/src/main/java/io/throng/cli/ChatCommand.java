package io.throng.cli;

import io.throng.chat.cluster.RoomServiceHub;
import io.throng.chat.cluster.ServiceLink;
import io.throng.chat.service.ChatBackend;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.ChatStore;
import io.throng.chat.web.ChatWeb;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.http.Router;
import io.throng.net.Prefork;
import io.throng.net.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code throng chat}: the instant-messaging server, Throng's main job. It listens on loopback by
 * default: protocol version 1 has no authentication, so exposing it is an explicit {@code --host}.
 *
 * <p>With {@code --workers N} this process becomes the room service and pre-fork master: it opens the
 * store, serves the rooms over JeroMQ on loopback ({@link RoomServiceHub}) and runs N worker processes
 * (this command again, with {@code --room-service}) that share the port and own the connections.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Run the chat server (web page; WebSocket, SSE and long-poll transports; SQLite history).")
final class ChatCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every "
                    + "interface: there is no login, anyone who can reach the port can chat).")
    String host;

    @Option(names = "--data", defaultValue = "data",
            description = "Directory for the history database, chat.db (default: ${DEFAULT-VALUE}, in the working directory).")
    Path data;

    @Option(names = "--grace", defaultValue = "5", description = "Seconds to let requests finish on shutdown.")
    int graceSeconds;

    @Option(names = "--workers", defaultValue = "1",
            description = "Front-end worker processes sharing the port, with one room service (default: 1, one process).")
    int workers;

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

    @Override
    public Integer call() throws Exception {
        if (workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1");
        }
        if (!(rate > 0) || burst < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be positive and --burst at least 1");
        }
        ChatConfig config = ChatConfig.defaults().withRate(rate, burst);
        if (!(presenceGrace >= 0) || presenceGrace > config.sessionTtl().toSeconds()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--presence-grace must be between 0 and "
                    + config.sessionTtl().toSeconds() + " seconds (the session lifetime)");
        }
        config = config.withTimes(Duration.ofMillis(Math.round(presenceGrace * 1000)), config.sessionTtl());
        ChatWeb.Options webOptions = ChatWeb.Options.defaults().withAllowedOrigins(allowOrigins);
        if (Prefork.isWorker() && roomService != null) {
            return worker(webOptions);
        }
        Path file = data.resolve("chat.db");
        ChatStore store;
        try {
            store = ChatStore.open(file);
        } catch (SQLException e) {
            throw new EnvironmentException("cannot open the history database " + file.toAbsolutePath() + ": "
                    + e.getMessage());
        }
        ChatService chat = new ChatService(store, config, InstantSource.system());
        chat.startSweeper(Duration.ofSeconds(1));
        if (workers > 1) {
            return master(store, chat, file);
        }
        ChatWeb web = new ChatWeb(chat, webOptions);
        HttpServer server;
        try {
            server = listen(web, false);
        } catch (EnvironmentException e) {
            web.close();
            chat.close();
            store.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Order matters: rooms commit what they hold and streams end (shutting_down), then the
            // server drains, then the store's writer commits its queue and closes the file.
            try {
                chat.close();
                web.close();
                server.shutdown(Duration.ofSeconds(graceSeconds));
                store.close();
            } catch (Exception e) {
                System.err.println("throng chat: shutdown: " + e);
            } finally {
                stopped.countDown();
            }
        }, "throng-chat-stop"));
        announce(server, "history in " + file.toAbsolutePath().normalize());
        stopped.await();
        return ExitCodes.OK;
    }

    /** The room service: no port of its own, the workers' connections arrive over ZeroMQ. */
    private int master(ChatStore store, ChatService chat, Path file) throws Exception {
        RoomServiceHub hub = RoomServiceHub.start(chat, "127.0.0.1");
        List<String> args = new ArrayList<>(List.of("chat", "--port", Integer.toString(port), "--host", host,
                "--data", data.toAbsolutePath().toString(), "--grace", Integer.toString(graceSeconds),
                "--room-service", hub.requestEndpoint() + "," + hub.eventEndpoint()));
        for (String o : allowOrigins) {
            args.add("--allow-origin");
            args.add(o);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("throng chat: room service pid " + ProcessHandle.current().pid() + ", history in "
                + file.toAbsolutePath().normalize() + ", starting " + workers + " workers");
        out.flush();
        int rc = Prefork.run(Prefork.sameJvm(Main.class.getName(), args), workers, Duration.ofSeconds(graceSeconds),
                System.err);
        chat.close();
        hub.close();
        store.close();
        return rc == 0 ? ExitCodes.OK : rc;
    }

    private int worker(ChatWeb.Options webOptions) throws Exception {
        String[] endpoints = roomService.split(",", 2);
        String id = "w" + System.getenv(Prefork.WORKER_ENV) + "-" + ProcessHandle.current().pid();
        ServiceLink link = ServiceLink.connect(endpoints[0], endpoints[1], id, ChatConfig.defaults(),
                Duration.ofSeconds(30));
        ChatWeb web = new ChatWeb(link, webOptions);
        HttpServer server = listen(web, true);
        // The other workers relay here the requests for this worker's web connections (SSE, long poll)
        // that the kernel gave them: a loopback port of this process alone, advertised via the service.
        HttpServer relays = HttpServer.start(ServerOptions.of("127.0.0.1", 0),
                HttpOptions.defaults().withMaxBody(64 * 1024), web.routes(new Router()));
        if (!link.advertise(new InetSocketAddress("127.0.0.1", relays.port()), Duration.ofSeconds(10))) {
            System.err.println("throng chat: worker " + id + ": the room service has not listed this worker's relay "
                    + "port yet; SSE and long-poll requests reaching other workers get 404 until it does");
        }
        Runnable drain = () -> {
            try {
                link.close();   // connections end with shutting_down; their sessions stay resumable
                web.close();
                relays.shutdown(Duration.ofSeconds(graceSeconds));
                server.shutdown(Duration.ofSeconds(graceSeconds));
            } catch (Exception e) {
                System.err.println("throng chat: worker shutdown: " + e);
            }
        };
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            drain.run();
            stopped.countDown();
        }, "throng-chat-stop"));
        Prefork.exitWithMaster(drain);
        announce(server, "worker " + id);
        Prefork.announceReady();
        stopped.await();
        return ExitCodes.OK;
    }

    private HttpServer listen(ChatWeb web, boolean reusePort) throws EnvironmentException {
        try {
            return HttpServer.start(ServerOptions.of(host, port).withReusePort(reusePort),
                    HttpOptions.defaults().withMaxBody(64 * 1024), web.routes(new Router()));
        } catch (IOException e) {
            String why = e instanceof BindException ? "cannot listen on " + host + ":" + port : "cannot start";
            throw new EnvironmentException(why + ": " + e.getMessage());
        }
    }

    private void announce(HttpServer server, String what) {
        String shown = host.equals("0.0.0.0") || host.equals("::") || host.equals("127.0.0.1") ? "localhost" : host;
        var out = spec.commandLine().getOut();
        out.println("throng chat: serving http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":"
                + server.port() + "/ (" + what + ", pid " + ProcessHandle.current().pid() + "; Ctrl-C to stop)");
        out.flush();
    }
}
