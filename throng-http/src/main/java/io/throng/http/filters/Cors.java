package io.throng.http.filters;

import io.throng.http.Filter;
import io.throng.http.Handler;
import io.throng.http.Request;
import io.throng.http.Response;
import java.time.Duration;
import java.util.Set;

/**
 * Cross-origin resource sharing (Fetch standard): answers preflight requests itself and adds
 * {@code Access-Control-Allow-Origin} to responses for allowed origins. An empty set of origins
 * allows any origin (without credentials).
 */
public final class Cors implements Filter {
    private final Set<String> origins;
    private final String methods;
    private final String headers;
    private final Duration maxAge;

    public Cors(Set<String> origins, String methods, String headers, Duration maxAge) {
        this.origins = Set.copyOf(origins);
        this.methods = methods;
        this.headers = headers;
        this.maxAge = maxAge;
    }

    /** Any origin, the usual methods, Content-Type allowed, preflight cached 10 minutes. */
    public static Cors any() {
        return new Cors(Set.of(), "GET, HEAD, POST, PUT, DELETE, OPTIONS", "Content-Type", Duration.ofMinutes(10));
    }

    @Override
    public void filter(Request req, Response res, Handler next) throws Exception {
        String origin = req.header("Origin");
        boolean allowed = origin != null && (origins.isEmpty() || origins.contains(origin));
        if (allowed) {
            res.header("Access-Control-Allow-Origin", origins.isEmpty() ? "*" : origin);
            if (!origins.isEmpty()) {
                res.addHeader("Vary", "Origin");
            }
        }
        if (req.method().equals("OPTIONS") && req.header("Access-Control-Request-Method") != null) {
            if (allowed) {
                res.header("Access-Control-Allow-Methods", methods);
                res.header("Access-Control-Allow-Headers", headers);
                res.header("Access-Control-Max-Age", Long.toString(maxAge.toSeconds()));
            }
            res.status(204);
            res.send(new byte[0]);
            return;
        }
        next.handle(req, res);
    }
}
