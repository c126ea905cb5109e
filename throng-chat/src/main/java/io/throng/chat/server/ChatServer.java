package io.throng.chat.server;

import io.throng.chat.account.Accounts;
import io.throng.chat.account.RevocationWatcher;
import io.throng.chat.cluster.ServiceLink;
import io.throng.chat.service.ChatBackend;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.MessageLog;
import io.throng.chat.web.ChatWeb;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.http.Router;
import io.throng.http.filters.Hsts;
import io.throng.net.Prefork;
import io.throng.net.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;

/**
 * A chat server process that serves HTTP: the {@link #start single process} (store, service, web,
 * server) or a pre-fork {@link #worker worker} (link to the room service, web, server, relay
 * listener); {@code B} is what its web layer talks to. The third role, the room service in the
 * pre-fork {@link #master master}, serves no HTTP: {@link ChatMaster}. Each role is assembled here and
 * nowhere else, and closes in the one order that loses nothing ({@link #close}).
 */
public final class ChatServer<B extends ChatBackend> implements AutoCloseable {
    /** Request bodies are client frames and small; the service bounds what a frame may hold. */
    private static final HttpOptions HTTP = HttpOptions.defaults().withMaxBody(64 * 1024);

    private final HttpServer http;
    private final ChatWeb web;
    private final B backend;
    private final Accounts accounts;
    private final String summary;
    private final CloseOrder closeOrder;

    private ChatServer(HttpServer http, ChatWeb web, B backend, Accounts accounts, String summary,
                       CloseOrder closeOrder) {
        this.http = http;
        this.accounts = accounts;
        this.web = web;
        this.backend = backend;
        this.summary = summary;
        this.closeOrder = closeOrder;
    }

    /**
     * The whole chat in this process. Throws {@link SQLException} if the history cannot be opened,
     * {@link IOException} if the server cannot listen (then everything opened is closed again).
     */
    public static ChatServer<ChatService> start(ChatServerOptions options)
            throws SQLException, IOException, InterruptedException {
        MessageLog store = Stores.log(options);
        Accounts accounts;
        try {
            accounts = Stores.accounts(options);
        } catch (SQLException e) {
            store.close();
            throw e;
        }
        ChatService chat = startService(store, accounts, options);
        RevocationWatcher watcher = watchRevocations(accounts, chat);
        ChatWeb web = new ChatWeb(chat, options.web(), accounts);
        HttpServer http;
        try {
            http = listen(options, web, false);
        } catch (IOException e) {
            watcher.close();
            web.close();
            chat.close();
            store.close();
            accounts.close();
            throw e;
        }
        // Order matters: rooms commit what they hold and streams end (shutting_down), then the
        // server drains, then the store's writer commits its queue and closes the file.
        return new ChatServer<>(http, web, chat, accounts, Stores.summary(options),
                new CloseOrder(watcher::close, chat::close, web::close, () -> http.shutdown(options.grace()),
                        store::close, accounts::close));
    }

    /**
     * A pre-fork worker: its client connections' frames go to the room service at {@code roomService}
     * ({@link ChatMaster#roomService()}), and other workers relay to it the web requests of its own web
     * connections that the kernel gave them.
     */
    public static ChatServer<? extends ChatBackend> worker(ChatServerOptions options, String roomService)
            throws IOException, InterruptedException, SQLException {
        String[] endpoints = roomService.split(",", 2);
        String id = "w" + System.getenv(Prefork.WORKER_ENV) + "-" + ProcessHandle.current().pid();
        // The account routes run here, on the shared file; revocations reach the room service by its log.
        Accounts accounts = Stores.accounts(options);
        ServiceLink link = ServiceLink.connect(endpoints[0], endpoints[1], id, options.chat(), Duration.ofSeconds(30));
        ChatWeb web = new ChatWeb(link, options.web(), accounts);
        HttpServer http = listen(options, web, true);
        // A loopback port of this process alone, advertised through the room service.
        HttpServer relays = HttpServer.start(ServerOptions.of("127.0.0.1", 0), HTTP, web.routes(new Router()));
        if (!link.advertise(new InetSocketAddress("127.0.0.1", relays.port()), Duration.ofSeconds(10))) {
            System.err.println("throng chat: worker " + id + ": the room service has not listed this worker's relay "
                    + "port yet; SSE and long-poll requests reaching other workers get 404 until it does");
        }
        // Connections end with shutting_down (their sessions stay resumable), then both servers drain.
        return new ChatServer<>(http, web, link, accounts, "worker " + id, new CloseOrder(link::close, web::close,
                () -> relays.shutdown(options.grace()), () -> http.shutdown(options.grace()), accounts::close));
    }

    /** The room service and pre-fork master: see {@link ChatMaster}. */
    public static ChatMaster master(ChatServerOptions options) throws SQLException, InterruptedException {
        MessageLog store = Stores.log(options);
        Accounts accounts;
        try {
            accounts = Stores.accounts(options);
        } catch (SQLException e) {
            store.close();
            throw e;
        }
        ChatService chat = startService(store, accounts, options);
        return new ChatMaster(store, chat, accounts, watchRevocations(accounts, chat), options.grace());
    }

    private static ChatService startService(MessageLog store, Accounts accounts, ChatServerOptions options) {
        ChatService chat = new ChatService(store, options.chat(), InstantSource.system(), accounts,
                options.insecureNicknames());
        chat.startSweeper(chat.sweepPeriod());
        return chat;
    }

    /**
     * The chat sessions live in this process: revocations made here close their connections at once,
     * those made by other processes (admin, workers) within a poll of the store's log.
     */
    private static RevocationWatcher watchRevocations(Accounts accounts, ChatService chat) throws SQLException {
        java.util.function.Consumer<java.util.List<String>> close = ids -> {
            try {
                chat.revoke(ids);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        accounts.onRevoked(close);
        return RevocationWatcher.start(accounts, close, REVOCATION_POLL);
    }

    /** How soon a revocation made by another process closes connections here. */
    static final Duration REVOCATION_POLL = Duration.ofMillis(250);

    /** The clients' server: over TLS, its responses tell browsers to keep to https (HSTS). */
    private static HttpServer listen(ChatServerOptions options, ChatWeb web, boolean reusePort) throws IOException {
        Router router = new Router();
        if (options.tls() != null) {
            router.filter(Hsts.oneYear());
        }
        return HttpServer.start(ServerOptions.of(options.host(), options.port()).withReusePort(reusePort)
                .withTls(options.tls()), HTTP, web.routes(router));
    }

    /** The port clients connect to. */
    public int port() {
        return http.port();
    }

    /** What this process is, for its start-up line: where the history is, or which worker. */
    public String summary() {
        return summary;
    }

    /** The {@link ChatService} of a single process, or a worker's {@link ServiceLink} to the room service. */
    public B backend() {
        return backend;
    }

    /** The accounts this process serves {@code /api} with. */
    public Accounts accounts() {
        return accounts;
    }

    public ChatWeb web() {
        return web;
    }

    /** Stops in the order that loses nothing; a second call does nothing. */
    @Override
    public void close() throws Exception {
        closeOrder.run();
    }
}
