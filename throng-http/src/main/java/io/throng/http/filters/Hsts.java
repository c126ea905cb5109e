package io.throng.http.filters;

import io.throng.http.Filter;
import io.throng.http.Handler;
import io.throng.http.Request;
import io.throng.http.Response;
import java.time.Duration;

/**
 * HTTP Strict Transport Security (RFC 6797): adds {@code Strict-Transport-Security} to every response to
 * a request that came over TLS, so a browser uses https only for this host until {@code maxAge} passes.
 * Never on plain http, where the RFC says a browser must ignore it (an active attacker could forge it).
 */
public final class Hsts implements Filter {
    private final String value;

    /**
     * @param maxAge how long browsers remember (a year is usual once https works; start small)
     * @param includeSubDomains whether the rule covers every subdomain too
     */
    public Hsts(Duration maxAge, boolean includeSubDomains) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("max-age must not be negative: " + maxAge);
        }
        this.value = "max-age=" + maxAge.toSeconds() + (includeSubDomains ? "; includeSubDomains" : "");
    }

    /** A year, this host only. */
    public static Hsts oneYear() {
        return new Hsts(Duration.ofDays(365), false);
    }

    @Override
    public void filter(Request req, Response res, Handler next) throws Exception {
        if (req.secure()) {
            res.header("Strict-Transport-Security", value);
        }
        next.handle(req, res);
    }
}
