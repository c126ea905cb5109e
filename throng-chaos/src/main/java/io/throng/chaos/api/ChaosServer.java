package io.throng.chaos.api;

import io.throng.chaos.Proxies;
import io.throng.chaos.Proxy;
import io.throng.http.HttpServer;
import io.throng.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code throng chaos serve} assembled: the proxies, the API on {@code host:port} (toxiproxy's
 * 127.0.0.1:8474 by default), and optionally a configuration file of proxies populated before the API
 * answers. Closing stops the API first, so no request changes the proxies while they close, then every
 * proxy with its connections.
 */
public final class ChaosServer implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8474;

    private final Proxies proxies;
    private final HttpServer api;

    private ChaosServer(Proxies proxies, HttpServer api) {
        this.proxies = proxies;
        this.api = api;
    }

    /**
     * Populates {@code config} (a JSON array of proxies, as {@code POST /populate} takes; null for none),
     * then starts the API. A configuration that cannot be read or populated fails the start, with every
     * proxy it made closed again.
     */
    public static ChaosServer start(String host, int port, Path config) throws IOException {
        Proxies proxies = new Proxies();
        try {
            if (config != null) {
                populate(proxies, config);
            }
            HttpServer api = HttpServer.start(host, port, new ChaosApi(proxies).handler());
            return new ChaosServer(proxies, api);
        } catch (IOException | RuntimeException e) {
            proxies.close();
            throw e;
        }
    }

    private static void populate(Proxies proxies, Path config) throws IOException {
        List<Proxies.Spec> specs = ProxyJson.populate(Json.MAPPER.readTree(Files.readAllBytes(config)));
        proxies.populate(specs, new ArrayList<>());
    }

    /** The API's port (the one chosen when asked for 0). */
    public int port() {
        return api.port();
    }

    public Proxies proxies() {
        return proxies;
    }

    /** The proxies now, by name. */
    public List<Proxy> list() {
        return proxies.list();
    }

    @Override
    public void close() {
        api.shutdown(Duration.ofMillis(250)); // requests in flight are quick; idle keep-alives just close
        proxies.close();
    }
}
