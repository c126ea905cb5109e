package io.throng.chat.web;

import io.throng.channels.Received;
import io.throng.chat.account.Accounts;
import io.throng.chat.protocol.Frame;
import io.throng.chat.service.ChatService;
import io.throng.chat.service.Connection;
import io.throng.chat.metrics.LatencyHistogram;
import io.throng.chat.service.ChatBackend;
import io.throng.http.EventStream;
import io.throng.http.Request;
import io.throng.http.Response;
import io.throng.http.Router;
import io.throng.http.WebSocketRoute;
import io.throng.websocket.ServerHandshake;
import io.throng.websocket.OverflowPolicy;
import io.throng.websocket.WebSocketConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The chat over HTTP: WebSocket ({@code /ws}), or Server-Sent Events and long-polling for frames from
 * the server with POST for frames from the client; the web page, {@code /healthz} and {@code /metrics}. Endpoints are listed
 * in {@code docs/chat-protocol.md}, "Transports". Add the routes with {@link #routes(Router)}.
 */
public final class ChatWeb implements AutoCloseable {
    /**
     * @param pollWait       longest a long poll is held open without frames
     * @param keepAlive      interval of SSE comment lines on an idle stream (finds dead clients)
     * @param idleTimeout    a connection with no reader and no request for this long is closed
     * @param maxConnections web connections open at once (503 beyond)
     * @param allowedOrigins origins (e.g. {@code https://chat.example.com}) whose pages may open {@code /ws}
     *                       besides the server's own; {@code *} allows any
     */
    public record Options(Duration pollWait, Duration keepAlive, Duration idleTimeout, int maxConnections,
                          List<String> allowedOrigins) {
        public Options {
            allowedOrigins = List.copyOf(allowedOrigins);
        }

        public Options(Duration pollWait, Duration keepAlive, Duration idleTimeout, int maxConnections) {
            this(pollWait, keepAlive, idleTimeout, maxConnections, List.of());
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(25), Duration.ofSeconds(15), Duration.ofSeconds(60), 20_000);
        }

        public Options withAllowedOrigins(List<String> origins) {
            return new Options(pollWait, keepAlive, idleTimeout, maxConnections, origins);
        }
    }

    private static final int MAX_BATCH = 256;
    static final String UNKNOWN_CONNECTION =
            "{\"error\":\"unknown_connection\",\"message\":\"open a new connection and resume\"}";

    private final ChatBackend chat;
    private final Options options;
    private final LatencyHistogram fanOut = new LatencyHistogram();
    private final ConcurrentHashMap<String, WebConnection> connections = new ConcurrentHashMap<>();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder relayed = new LongAdder();
    private final Relay relay;
    private final AtomicInteger webSockets = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final StaticResources page = new StaticResources("index.html", "app.js", "rooms.js", "account.js", "style.css");
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread reaper;
    private final io.throng.http.Handler webSocket;
    private final CrossSite crossSite;
    private final AccountRoutes accountRoutes;

    /** Without accounts: no {@code /api} routes (the service may still judge tokens, or serve version 1 only). */
    public ChatWeb(ChatBackend chat, Options options) {
        this(chat, options, null);
    }

    /** @param accounts the accounts behind {@code /api} (login, register...), or null for none */
    public ChatWeb(ChatBackend chat, Options options, Accounts accounts) {
        this.chat = Objects.requireNonNull(chat);
        this.options = Objects.requireNonNull(options);
        this.crossSite = new CrossSite(options.allowedOrigins());
        this.accountRoutes = accounts == null ? null : new AccountRoutes(accounts, crossSite);
        // The outbox bounds each socket's queue (ChatSocket asks Outbox.admit): a slow client gets
        // slow_consumer and resumes. This bound is only a backstop far above the outbox's.
        WebSocketConfig config = WebSocketConfig.DEFAULTS.withMaxMessageSize(64 * 1024)
                .withQueueBounds(Integer.MAX_VALUE, 64L * 1024 * 1024, OverflowPolicy.CLOSE_TRY_AGAIN_LATER);
        this.webSocket = (req, res) -> {
            if (!originAllowed(req.header("origin"), req.header("host"))) {
                json(res, 403, "{\"error\":\"origin_refused\",\"message\":\"this origin may not open the chat\"}");
                return;
            }
            workerHeader(res);
            // One route per upgrade: its socket's connection carries the login of this request.
            String credential = Credentials.token(req);
            new WebSocketRoute(ServerHandshake.Options.DEFAULTS, config,
                    () -> new ChatSocket(chat, credential, webSockets, framesIn, fanOut)).handle(req, res);
        };
        this.relay = chat.workerId() == null ? null : new Relay(chat.workerId(),
                max(options.pollWait(), options.keepAlive()).plusSeconds(10));
        this.reaper = Thread.ofVirtual().name("chat-web-reaper").start(this::reap);
    }

    /**
     * Browsers send Origin on a WebSocket upgrade and apply no same-origin rule to it, so the server
     * must: a page from elsewhere could otherwise chat as its visitor. Non-browser clients send none.
     */
    boolean originAllowed(String origin, String host) {
        return crossSite.originAllowed(origin, host);
    }

    /** Which worker process answered: harmless, and how a client (or test) knows where it landed. */
    private void workerHeader(Response res) {
        if (chat.workerId() != null) {
            res.header("X-Throng-Worker", chat.workerId());
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Adds the chat's routes to {@code router}. */
    public Router routes(Router router) {
        if (accountRoutes != null) {
            accountRoutes.routes(router);
        }
        return router
                .get("/", (req, res) -> page.serve("index.html", res))
                .get("/app.js", (req, res) -> page.serve("app.js", res))
                .get("/rooms.js", (req, res) -> page.serve("rooms.js", res))
                .get("/account.js", (req, res) -> page.serve("account.js", res))
                .get("/style.css", (req, res) -> page.serve("style.css", res))
                .get("/healthz", (req, res) -> {
                    workerHeader(res);
                    res.send("ok\n");
                })
                .get("/metrics", (req, res) -> {
                    res.contentType("text/plain; version=0.0.4; charset=utf-8");
                    res.send(metrics() + io.throng.http.metrics.Metrics.text()); // the chat's, then the process's
                })
                .get("/chat/rooms", (req, res) -> {
                    res.header("Cache-Control", "no-store");
                    res.json(java.util.Map.of("rooms", chat.publicRooms()));
                })
                .get("/ws", webSocket)
                .post("/chat/connections", crossSite.guard(this::open))
                .get("/chat/connections/{id}/events", this::events)
                .get("/chat/connections/{id}/poll", this::poll)
                .post("/chat/connections/{id}/frames", crossSite.guard(this::frames))
                .delete("/chat/connections/{id}", crossSite.guard(this::delete));
    }

    // ------------------------------------------------------------------ handlers

    private void open(Request req, Response res) {
        String t = req.query("transport");
        Transport transport = t == null ? Transport.SSE : Transport.of(t);
        if (transport == null) {
            json(res, 400, "{\"error\":\"bad_transport\",\"message\":\"transport is sse or poll\"}");
            return;
        }
        if (connections.size() >= options.maxConnections()) {
            json(res, 503, "{\"error\":\"too_many_connections\",\"message\":\"try again later\"}");
            return;
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        if (chat.workerId() != null) {
            id = chat.workerId() + "." + id; // names its owner, for the other workers' relays
        }
        connections.put(id, new WebConnection(id, transport, chat.connect(Credentials.token(req))));
        workerHeader(res);
        json(res, 201, "{\"conn\":\"" + id + "\",\"transport\":\"" + transport.wire + "\"}");
    }

    /** The stream and the connection end together: frames written to a dying socket may be lost. */
    private void events(Request req, Response res) throws Exception {
        WebConnection c = find(req, res);
        if (c == null || !claimReader(c, res)) {
            return;
        }
        try (EventStream es = res.eventStream()) {
            Connection conn = c.chat;
            while (true) {
                switch (conn.outbox().receive(options.keepAlive())) {
                    case Received.Value<Frame>(Frame f) -> {
                        es.send(f.json());
                        handedOver(f);
                    }
                    case Received.Empty<Frame> e -> es.comment("keep-alive");
                    case Received.Closed<Frame> x -> {
                        if (conn.outbox().closingFrame().orElse(null) instanceof Frame last) {
                            es.send(last.json());
                        }
                        return;
                    }
                }
                c.touch();
            }
        } catch (IOException clientGone) {
            // nothing to tell anyone: the session detaches and the client resumes on a new connection
        } finally {
            end(c);
            c.reader.unlock();
        }
    }

    private void poll(Request req, Response res) throws Exception {
        WebConnection c = find(req, res);
        if (c == null || !claimReader(c, res)) {
            return;
        }
        try {
            long after;
            try {
                after = Long.parseLong(Objects.requireNonNullElse(req.query("after"), "0"));
            } catch (NumberFormatException e) {
                after = -1;
            }
            if (after == c.batch - 1 && c.batch > 0) {
                pollAnswer(res, c, c.lastBatch, false);   // the last answer was lost: send it again
                return;
            }
            if (after != c.batch) {
                json(res, 409, "{\"error\":\"bad_batch\",\"message\":\"after must be the last batch received\","
                        + "\"batch\":" + c.batch + "}");
                return;
            }
            Connection conn = c.chat;
            List<Frame> frames = new ArrayList<>();
            boolean closed = false;
            switch (conn.outbox().receive(options.pollWait())) {
                case Received.Value<Frame>(Frame f) -> {
                    frames.add(f);
                    frames.addAll(conn.outbox().drain(MAX_BATCH - 1));
                }
                case Received.Empty<Frame> e -> { }
                case Received.Closed<Frame> x -> {
                    conn.outbox().closingFrame().ifPresent(frames::add);
                    closed = true;
                }
            }
            if (!frames.isEmpty()) {
                frames.forEach(this::handedOver);
                c.batch++;
                c.lastBatch = frames;
            }
            pollAnswer(res, c, frames, closed);
            if (closed) {
                end(c);
            }
        } finally {
            c.touch();
            c.reader.unlock();
        }
    }

    private static void pollAnswer(Response res, WebConnection c, List<Frame> frames, boolean closed) {
        StringBuilder b = new StringBuilder(64).append("{\"batch\":").append(c.batch).append(",\"closed\":")
                .append(closed).append(",\"frames\":[");
        for (int i = 0; i < frames.size(); i++) {
            b.append(i == 0 ? "" : ",").append(frames.get(i).json());
        }
        json(res, 200, b.append("]}").toString());
    }

    /** A frame went to its connection's writer: the end of its fan-out. */
    private void handedOver(Frame f) {
        if (f.ordered() != 0) {
            fanOut.record(System.nanoTime() - f.ordered());
        }
    }

    private void frames(Request req, Response res) throws Exception {
        WebConnection c = find(req, res);
        if (c == null) {
            return;
        }
        c.touch();
        framesIn.increment();
        c.chat.receive(req.bodyText());
        res.status(204).send(new byte[0]);
    }

    private void delete(Request req, Response res) throws IOException {
        WebConnection c = find(req, res);
        if (c != null) {
            end(c);
            res.status(204).send(new byte[0]);
        }
    }

    /**
     * The web connection a request names, or null when the request has been answered already: with
     * 404, or by the worker that owns the connection ({@code --workers}: the kernel spreads a client's
     * TCP connections over the workers, its web connection lives in one).
     */
    private WebConnection find(Request req, Response res) throws IOException {
        String id = req.param("id");
        WebConnection c = connections.get(id);
        if (c != null) {
            workerHeader(res);
            return c;
        }
        int dot = id.indexOf('.');
        String owner = dot > 0 ? id.substring(0, dot) : null;
        InetSocketAddress address = owner == null || owner.equals(chat.workerId()) || relay == null
                || Relay.relayed(req) ? null : chat.peer(owner);
        if (address == null) {
            json(res, 404, UNKNOWN_CONNECTION);
        } else {
            relayed.increment();
            relay.forward(req, res, address);
        }
        return null;
    }

    private static boolean claimReader(WebConnection c, Response res) {
        if (c.reader.tryLock()) {
            return true;
        }
        json(res, 409, "{\"error\":\"reader_busy\",\"message\":\"another request is reading this connection\"}");
        return false;
    }

    private void end(WebConnection c) {
        connections.remove(c.id, c);
        c.chat.close();
    }

    static void json(Response res, int status, String body) {
        res.status(status).header("Cache-Control", "no-store").contentType("application/json");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ metrics, reaping, closing

    String metrics() {
        int sse = 0;
        int poll = 0;
        for (WebConnection c : connections.values()) {
            if (c.transport == Transport.SSE) {
                sse++;
            } else {
                poll++;
            }
        }
        StringBuilder b = new StringBuilder(4096);
        gauge(b, "throng_chat_connections", "Open chat connections by transport.");
        b.append("throng_chat_connections{transport=\"ws\"} ").append(webSockets.get()).append('\n');
        b.append("throng_chat_connections{transport=\"sse\"} ").append(sse).append('\n');
        b.append("throng_chat_connections{transport=\"poll\"} ").append(poll).append('\n');
        ChatService.metric(b, "counter", "throng_chat_frames_in_total", "Client frames received (all transports).",
                framesIn.sum());
        if (relay != null) {
            ChatService.metric(b, "counter", "throng_chat_relayed_total",
                    "HTTP requests for another worker's web connections, relayed to it.", relayed.sum());
        }
        fanOut.appendTo(b, "throng_chat_fanout_seconds",
                "From a message's store commit to its frame handed to each member connection's writer.");
        chat.appendMetrics(b);
        return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
    }

    private void reap() {
        long limit = options.idleTimeout().toNanos();
        long period = Math.max(1, options.idleTimeout().toMillis() / 4);
        try {
            while (!stop.await(period, TimeUnit.MILLISECONDS)) {
                for (WebConnection c : connections.values()) {
                    if (c.idleNanos() > limit) {
                        end(c);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Open web connections now (tests, metrics). */
    public int connectionCount() {
        return connections.size();
    }

    /** Stops the reaper and closes every web connection (their sessions stay resumable). */
    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        reaper.join();
        for (WebConnection c : connections.values()) {
            end(c);
        }
    }
}
