package io.throng.mongrel.front;

import io.throng.mongrel.config.GatewayConfig;
import java.util.concurrent.TimeUnit;

/**
 * A forwarded request whose response has not started yet (no reply beginning with {@code HTTP/} has
 * come back), and the handler's opt-in limits on it: {@code timeout} (504), {@code no-handler} (502 once
 * every handler has gone) and {@code stale} (503 when the port withdrew it).
 */
final class PendingRequest {

    /** How often a writer looks at the handler count while a request waits, under {@code no-handler}. */
    private static final long VANISHED_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    final long sentNanos = System.nanoTime();
    final Backend backend;
    /** Set by the port's push thread when it withdrew the request for being too old. */
    volatile boolean stale;

    PendingRequest(Backend backend) {
        this.backend = backend;
    }

    /** Whether the handler has any limit that makes a writer watch its pending requests. */
    static boolean hasLimits(GatewayConfig.HandlerSpec spec) {
        return spec.timeout().isPresent() || spec.noHandler().isPresent() || spec.stale().isPresent();
    }

    /** How long a writer may wait for a reply before checking the limits again. */
    long waitNanos() {
        GatewayConfig.HandlerSpec spec = backend.spec;
        long wait = VANISHED_CHECK_NANOS;
        if (spec.timeout().isPresent()) {
            long left = spec.timeout().get().toNanos() - (System.nanoTime() - sentNanos);
            wait = spec.noHandler().isPresent() ? Math.min(wait, left) : left;
        }
        return Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** The gateway's answer for a request that will not be answered, or null while it still may be. */
    byte[] failure() {
        GatewayConfig.HandlerSpec spec = backend.spec;
        if (stale) {
            return Answers.status(503, "request went stale before a handler took it");
        }
        if (spec.timeout().isPresent() && System.nanoTime() - sentNanos >= spec.timeout().get().toNanos()) {
            return Answers.status(504, "handler " + spec.name() + " did not answer in time");
        }
        if (spec.noHandler().isPresent() && backend.connectedHandlers() == 0) {
            return Answers.status(502, "handler " + spec.name() + " went away");
        }
        return null;
    }
}
