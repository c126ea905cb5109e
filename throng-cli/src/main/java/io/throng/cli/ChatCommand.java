package io.throng.cli;

import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.ChatStore;
import io.throng.chat.web.ChatWeb;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.http.Router;
import io.throng.net.ServerOptions;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code throng chat}: the instant-messaging server, Throng's main job. It listens on loopback by
 * default: protocol version 1 has no authentication, so exposing it is an explicit {@code --host}.
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path file = data.resolve("chat.db");
        ChatStore store;
        try {
            store = ChatStore.open(file);
        } catch (SQLException e) {
            throw new EnvironmentException("cannot open the history database " + file.toAbsolutePath() + ": "
                    + e.getMessage());
        }
        ChatService chat = new ChatService(store, ChatConfig.defaults(), InstantSource.system());
        chat.startSweeper(Duration.ofSeconds(1));
        ChatWeb web = new ChatWeb(chat, store, ChatWeb.Options.defaults());
        HttpServer server;
        try {
            server = HttpServer.start(ServerOptions.of(host, port), HttpOptions.defaults().withMaxBody(64 * 1024),
                    web.routes(new Router()));
        } catch (IOException e) {
            web.close();
            chat.close();
            store.close();
            String why = e instanceof BindException ? "cannot listen on " + host + ":" + port : "cannot start";
            throw new EnvironmentException(why + ": " + e.getMessage());
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
        String shown = host.equals("0.0.0.0") || host.equals("::") || host.equals("127.0.0.1") ? "localhost" : host;
        var out = spec.commandLine().getOut();
        out.println("throng chat: serving http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":"
                + server.port() + "/ (history in " + file.toAbsolutePath().normalize() + ", pid "
                + ProcessHandle.current().pid() + "; Ctrl-C to stop)");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
