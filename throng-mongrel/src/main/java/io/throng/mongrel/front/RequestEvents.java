package io.throng.mongrel.front;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The gateway's requests told to the outside: the JFR event {@code throng.GatewayRequest} for each request
 * a relay routes (forwarded to a handler, or answered by the gateway itself), and the Prometheus counter
 * {@code throng_gateway_requests_total} by handler (configured names: bounded, and nothing a client chose)
 * and outcome. A reply is bytes the gateway does not parse, so neither says how the handler answered.
 */
final class RequestEvents {
    private static final Counter REQUESTS = Counter.builder().name("throng_gateway_requests_total")
            .help("Requests a gateway relay routed: forwarded to a handler, or answered by the gateway itself "
                    + "(no_route 404, no_handler, redirected: static files asked for on a relayed connection).")
            .labelNames("handler", "outcome").register(PrometheusRegistry.defaultRegistry);

    private RequestEvents() {}

    /** {@code r} was routed to {@code handler} (null: none) with {@code outcome}; forwarding began at {@code startNanos}. */
    static void routed(ClientRequest r, String handler, String outcome, long startNanos) {
        routed(r.method(), r.path(), r.body().length, handler, outcome, startNanos);
    }

    /** As above, for a request the front handler answered before any relay existed (its body unread: 0). */
    static void routed(String method, String path, long bodyBytes, String handler, String outcome, long startNanos) {
        REQUESTS.labelValues(handler == null ? "" : handler, outcome).inc();
        Routed e = new Routed();
        if (e.shouldCommit()) {
            e.method = method;
            e.path = path; // never the query: it may carry tokens
            e.handler = handler;
            e.outcome = outcome;
            e.bodyBytes = bodyBytes;
            e.took = System.nanoTime() - startNanos;
            e.commit();
        }
    }

    @jdk.jfr.Name("throng.GatewayRequest")
    @jdk.jfr.Label("Gateway Request")
    @jdk.jfr.Category({"Throng", "Gateway"})
    @jdk.jfr.StackTrace(false)
    static final class Routed extends jdk.jfr.Event {
        @jdk.jfr.Label("Method")
        String method;
        @jdk.jfr.Label("Path")
        String path;
        @jdk.jfr.Label("Handler")
        String handler;
        @jdk.jfr.Label("Outcome")
        String outcome;
        @jdk.jfr.Label("Request Body Bytes")
        @jdk.jfr.DataAmount(jdk.jfr.DataAmount.BYTES)
        long bodyBytes;
        @jdk.jfr.Label("Took")
        @jdk.jfr.Description("Routing and handing the request to the handler's socket (waits when the handler's queue is full)")
        @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS)
        long took;
    }
}
