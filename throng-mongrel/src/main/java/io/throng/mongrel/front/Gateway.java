package io.throng.mongrel.front;

import io.throng.http.Handler;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.http.files.StaticFiles;
import io.throng.mongrel.config.GatewayConfig;
import io.throng.mongrel.config.RoutePattern;
import io.throng.mongrel.config.Router;
import io.throng.net.ServerOptions;
import io.throng.net.tls.TlsCertificate;
import io.throng.net.tls.TlsConfig;
import io.throng.net.tls.TlsContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
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
 * PUB/SUB fan-out. A {@code tls} listener serves HTTPS with the certificate its line names
 * ({@code cert=FILE key=FILE}, PEM, relative to the configuration's directory), else with the one the
 * command was given; with neither, the gateway refuses to start rather than skip the listener or speak
 * plain HTTP on a port clients expect to speak TLS to. Handlers see {@code URL_SCHEME https} for its
 * requests.
 */
public final class Gateway implements AutoCloseable {

    private final List<HttpServer> servers;
    private final Map<String, Backend> backends;
    private final Relays relays;
    private final List<LineCertificate> lineCertificates;

    /** A {@code tls} listener's own certificate: the files its line names and the setup they are in force in. */
    private record LineCertificate(String where, Path cert, Path key, TlsContext context) {
        TlsConfig read() throws IOException {
            return TlsConfig.of(TlsCertificate.fromPem(cert, key));
        }
    }

    private Gateway(List<HttpServer> servers, Map<String, Backend> backends, Relays relays,
            List<LineCertificate> lineCertificates) {
        this.servers = List.copyOf(servers);
        this.backends = backends;
        this.relays = relays;
        this.lineCertificates = List.copyOf(lineCertificates);
    }

    /** True if some {@code tls} listener names certificate files of its own, which {@link #reloadCertificates} reads. */
    public boolean hasListenerCertificates() {
        return !lineCertificates.isEmpty();
    }

    /**
     * Reads the certificate files named on {@code tls} listen lines again and puts each in force for the
     * handshakes that start afterwards; open connections keep the certificate they began with. A listener
     * whose files cannot be read or used keeps the one in force. The command's own certificate is the
     * command's to reload. Returns one line per listener saying which happened.
     */
    public List<String> reloadCertificates() {
        List<String> report = new ArrayList<>();
        for (LineCertificate c : lineCertificates) {
            try {
                c.context().reload(c.read());
                report.add(c.where() + ": certificate reloaded");
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                report.add(c.where() + ": reload failed, the certificate in force stays: " + e.getMessage());
            }
        }
        return report;
    }

    /**
     * Starts serving {@code config} on every {@code listen} address; relative static directories and
     * certificate files are resolved against {@code baseDir} (the configuration file's directory).
     * A {@code tls} listener that names no certificate is an {@link IllegalArgumentException}.
     */
    public static Gateway start(GatewayConfig config, Path baseDir) throws IOException, InterruptedException {
        return start(config, baseDir, null);
    }

    /**
     * As {@link #start(GatewayConfig, Path)}, with {@code tls} for the {@code tls} listeners whose line
     * names no certificate (null: none).
     */
    public static Gateway start(GatewayConfig config, Path baseDir, TlsContext tls) throws IOException, InterruptedException {
        if (config.listens().isEmpty()) {
            throw new IllegalArgumentException("no listen address");
        }
        List<ServerOptions> listens = new ArrayList<>();
        List<LineCertificate> lineCertificates = new ArrayList<>();
        for (GatewayConfig.Listen l : config.listens()) {
            ServerOptions options = ServerOptions.of(l.host(), l.port());
            listens.add(l.options().containsKey("tls") ? options.withTls(tls(l, baseDir, tls, lineCertificates)) : options);
        }
        HttpOptions http = HttpOptions.defaults();
        List<HttpServer> servers = new ArrayList<>();
        Relays relays = new Relays();
        Map<String, Backend> backends = new LinkedHashMap<>();
        try {
            for (GatewayConfig.HandlerSpec spec : config.handlers().values()) {
                backends.put(spec.name(), Backend.open(spec, config.zeromq(), relays::dispatch));
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
            // GET /metrics as a connection's first request; after it the connection is the handler's relay.
            Handler app = io.throng.http.metrics.Metrics.endpoint().around(front);
            for (ServerOptions listen : listens) {
                servers.add(HttpServer.start(listen, http, app));
            }
            return new Gateway(servers, backends, relays, lineCertificates);
        } catch (IOException | InterruptedException | RuntimeException e) {
            servers.forEach(HttpServer::close);
            backends.values().forEach(Backend::close);
            throw e;
        }
    }

    /** The certificate of a {@code tls} listener: its own files (added to {@code own}), else the command's. */
    private static TlsContext tls(GatewayConfig.Listen l, Path baseDir, TlsContext commands, List<LineCertificate> own) {
        String cert = l.options().get("cert");
        String key = l.options().get("key");
        String where = "tls listener " + l.host() + ":" + l.port();
        if (cert == null && key == null) {
            if (commands == null) {
                throw new IllegalArgumentException(where + " has no certificate: name it on the line (cert=FILE key=FILE)"
                        + " or give the gateway one (--tls-cert/--tls-key, --tls-pkcs12)");
            }
            return commands;
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException(where + ": cert= and key= go together");
        }
        try {
            LineCertificate line = new LineCertificate(where, baseDir.resolve(cert), baseDir.resolve(key), null);
            TlsContext context = TlsContext.of(line.read());
            own.add(new LineCertificate(where, line.cert(), line.key(), context));
            return context;
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": cannot read its certificate: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(where + ": cannot use its certificate: " + e.getMessage(), e);
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

    /** The ZeroMQ engine of the named handler's port ({@code libzmq 4.3.4}, {@code jeromq}), or {@code in-process}. */
    public String zeromqEngine(String handler) {
        return backend(handler).engine();
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

    /**
     * Times the named handler's reply receiver was replaced because a client write held it up
     * ({@code HandlerPort.takeovers()}); 0 while every client write can be made without waiting.
     */
    public long receiverTakeovers(String handler) {
        return backend(handler).takeovers();
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
