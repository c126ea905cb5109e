package io.throng.mongrel.front;

import io.throng.http.Handler;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.http.files.StaticFiles;
import io.throng.mongrel.config.GatewayConfig;
import io.throng.mongrel.config.RoutePattern;
import io.throng.mongrel.config.Router;
import io.throng.net.ServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./throng gateway}: a Mongrel2-compatible server on throng-http. Binds every handler's
 * sockets, serves static directories itself, and relays everything else to the handlers.
 *
 * <p>Every plain {@code listen} address gets its own throng-http server, all sharing one router, one
 * set of handler ports and one connection-id space, so a handler can answer (or broadcast to) clients
 * that came in on any of them — as with several Mongrel2 servers sharing a handler, but without the
 * PUB/SUB fan-out. {@code tls} listeners are not served yet: they are skipped rather than served as
 * plain HTTP on a port clients expect to speak TLS to.
 */
public final class Gateway implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

    private final List<HttpServer> servers;
    private final Map<String, Backend> backends;
    private final Relays relays;

    private Gateway(List<HttpServer> servers, Map<String, Backend> backends, Relays relays) {
        this.servers = List.copyOf(servers);
        this.backends = backends;
        this.relays = relays;
    }

    /**
     * Starts serving {@code config} on every plain {@code listen} address; relative static directories
     * are resolved against {@code baseDir} (the configuration file's directory).
     */
    public static Gateway start(GatewayConfig config, Path baseDir) throws IOException, InterruptedException {
        List<GatewayConfig.Listen> listens = config.listens().stream()
                .filter(l -> !l.options().containsKey("tls")).toList();
        if (listens.isEmpty()) {
            throw new IllegalArgumentException(config.listens().isEmpty() ? "no listen address"
                    : "no plain listen address (tls is not served yet)");
        }
        for (GatewayConfig.Listen l : config.listens()) {
            if (l.options().containsKey("tls")) {
                LOG.log(System.Logger.Level.WARNING, "not serving " + l.host() + ":" + l.port() + ": tls is not supported yet");
            }
        }
        HttpOptions http = HttpOptions.defaults();
        List<HttpServer> servers = new ArrayList<>();
        Relays relays = new Relays();
        Map<String, Backend> backends = new LinkedHashMap<>();
        try {
            for (GatewayConfig.HandlerSpec spec : config.handlers().values()) {
                backends.put(spec.name(), Backend.open(spec, relays::dispatch));
            }
            Map<GatewayConfig.Route, Handler> directories = new HashMap<>();
            for (GatewayConfig.Host host : config.hosts()) {
                for (GatewayConfig.Route route : host.routes()) {
                    if (route.target() instanceof GatewayConfig.DirTarget dir) {
                        directories.put(route, directory(route, dir, baseDir));
                    }
                }
            }
            FrontHandler front = new FrontHandler(new RelayContext(new Router(config), backends, relays, http), directories);
            for (GatewayConfig.Listen listen : listens) {
                servers.add(HttpServer.start(ServerOptions.of(listen.host(), listen.port()), http, front));
            }
            return new Gateway(servers, backends, relays);
        } catch (IOException | InterruptedException | RuntimeException e) {
            servers.forEach(HttpServer::close);
            backends.values().forEach(Backend::close);
            throw e;
        }
    }

    private static Handler directory(GatewayConfig.Route route, GatewayConfig.DirTarget dir, Path baseDir)
            throws IOException {
        String prefix = RoutePattern.compile(route.spec(), "route", 0).prefix();
        StaticFiles files = new StaticFiles(baseDir.resolve(dir.base()), prefix);
        long ttl = dir.cacheTtl().toSeconds();
        return ttl <= 0 ? files : (req, res) -> {
            res.header("Cache-Control", "max-age=" + ttl);
            files.handle(req, res);
        };
    }

    /** The port of the first listener (the one {@code --port} replaces). */
    public int port() {
        return servers.getFirst().port();
    }

    /** The ports of every listener, in the configuration's order. */
    public List<Integer> ports() {
        return servers.stream().map(HttpServer::port).toList();
    }

    /** Handlers connected to the named handler's request socket (1 or 0 for an in-process handler). */
    public int connectedHandlers(String handler) {
        return backend(handler).connectedHandlers();
    }

    private Backend backend(String handler) {
        Backend b = backends.get(handler);
        if (b == null) {
            throw new IllegalArgumentException("no handler named '" + handler + "'");
        }
        return b;
    }

    /** Requests for the named handler withdrawn before any handler took them (client gone, or stale). */
    public long withdrawn(String handler) {
        return backend(handler).withdrawn();
    }

    /** Client connections currently relayed to handlers. */
    public int relayedConnections() {
        return relays.size();
    }

    /** Stops accepting, gives requests in flight {@code grace}, then closes connections and sockets. */
    public void shutdown(Duration grace) {
        try {
            // All at once, so that no listener keeps accepting while another drains.
            List<Thread> draining = servers.stream()
                    .map(s -> Thread.ofVirtual().start(() -> s.shutdown(grace))).toList();
            for (Thread t : draining) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            servers.forEach(HttpServer::close);
        } finally {
            backends.values().forEach(Backend::close);
        }
    }
}
