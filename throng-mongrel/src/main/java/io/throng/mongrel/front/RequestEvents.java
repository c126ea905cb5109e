package io.throng.mongrel.front;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicReferenceArray;

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

    /** How the gateway dealt with a request; {@code label} is the counter's and the event's value. */
    enum Outcome {
        FORWARDED("forwarded"), NO_ROUTE("no_route"), NO_HANDLER("no_handler"), REDIRECTED("redirected");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    /**
     * One handler's counters, one per outcome, each looked up once: {@code labelValues} per request would
     * hash a fresh label list each time. Made on first use, so that only outcomes that happened are
     * exported. {@code handler} is null for requests no handler was chosen for.
     */
    static final class Counts {
        final String handler;
        private final AtomicReferenceArray<CounterDataPoint> byOutcome = new AtomicReferenceArray<>(Outcome.values().length);

        private Counts(String handler) {
            this.handler = handler;
        }

        private CounterDataPoint of(Outcome o) {
            CounterDataPoint p = byOutcome.get(o.ordinal());
            if (p == null) {
                // Two threads may both get here: labelValues gives both the same data point.
                p = REQUESTS.labelValues(handler == null ? "" : handler, o.label);
                byOutcome.set(o.ordinal(), p);
            }
            return p;
        }
    }

    /** The counts of requests routed to no handler (no route, or a static directory). */
    static final Counts NO_HANDLER = new Counts(null);

    private RequestEvents() {}

    /** The counters of {@code handler}'s requests; each handler's are made once, by its {@link Backend}. */
    static Counts counts(String handler) {
        return new Counts(handler);
    }

    /** {@code r} was routed with {@code outcome}, counted in {@code counts}; forwarding began at {@code startNanos}. */
    static void routed(ClientRequest r, Counts counts, Outcome outcome, long startNanos) {
        routed(r.method(), r.path(), r.body().length, counts, outcome, startNanos);
    }

    /** As above, for a request the front handler answered before any relay existed (its body unread: 0). */
    static void routed(String method, String path, long bodyBytes, Counts counts, Outcome outcome, long startNanos) {
        counts.of(outcome).inc();
        Routed e = new Routed();
        if (e.shouldCommit()) {
            e.method = method;
            e.path = path; // never the query: it may carry tokens
            e.handler = counts.handler;
            e.outcome = outcome.label;
            e.bodyBytes = bodyBytes;
            e.took = System.nanoTime() - startNanos;
            e.commit();
        }
    }

    @jdk.jfr.Name("throng.GatewayRequest")
    // One per message or request: unthrottled, a busy server records hundreds of thousands a second
    // (docs/operations.md, "Sampled events"). `--jfr-rate` sets another rate.
    @jdk.jfr.Throttle("1000/s")
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
