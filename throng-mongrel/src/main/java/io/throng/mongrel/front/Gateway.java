package io.throng.mongrel.front;

import io.throng.http.Handler;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.http.files.StaticFiles;
import io.throng.mongrel.gateway.GatewayConfig;
import io.throng.mongrel.gateway.RoutePattern;
import io.throng.mongrel.gateway.Router;
import io.throng.net.ServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./throng gateway}: a Mongrel2-compatible server on throng-http. Binds every handler's
 * sockets, serves static directories itself, and relays everything else to the handlers.
 */
public final class Gateway implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Backend> backends;
    private final Relays relays;

    private Gateway(HttpServer server, Map<String, Backend> backends, Relays relays) {
        this.server = server;
        this.backends = backends;
        this.relays = relays;
    }

    /**
     * Starts serving {@code config} on its first {@code listen} address; relative static directories
     * are resolved against {@code baseDir} (the configuration file's directory).
     */
    public static Gateway start(GatewayConfig config, Path baseDir) throws IOException, InterruptedException {
        if (config.listens().isEmpty()) {
            throw new IllegalArgumentException("no listen address");
        }
        GatewayConfig.Listen listen = config.listens().getFirst();
        HttpOptions http = HttpOptions.defaults();
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
            FrontHandler front = new FrontHandler(new Router(config), Map.copyOf(backends), directories, relays,
                    http.maxBody());
            HttpServer server = HttpServer.start(ServerOptions.of(listen.host(), listen.port()), http, front);
            return new Gateway(server, backends, relays);
        } catch (IOException | InterruptedException | RuntimeException e) {
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

    public int port() {
        return server.port();
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
            server.shutdown(grace);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            backends.values().forEach(Backend::close);
        }
    }
}
