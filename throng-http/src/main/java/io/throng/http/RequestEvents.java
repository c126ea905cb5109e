package io.throng.http;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Each answered request, told to the outside: the JFR event {@code throng.HttpRequest} and the process's
 * Prometheus request metrics. Labels are the status class only: a path label would grow without bound
 * and show who asked for what. The five classes' data points are resolved once, so a request costs two
 * adders and a JFR check.
 */
final class RequestEvents {
    private static final Counter REQUESTS = Counter.builder().name("throng_http_requests_total")
            .help("HTTP requests answered, by status class (1xx to 5xx).").labelNames("status")
            .register(PrometheusRegistry.defaultRegistry);
    private static final Histogram DURATION = Histogram.builder().name("throng_http_request_duration_seconds")
            .help("From a request's head parsed to its response handed to the connection (the last bytes may still be buffered).")
            .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                    1, 2.5, 5, 10)
            .classicOnly().register(PrometheusRegistry.defaultRegistry);
    private static final CounterDataPoint[] BY_CLASS = {REQUESTS.labelValues("1xx"), REQUESTS.labelValues("2xx"),
            REQUESTS.labelValues("3xx"), REQUESTS.labelValues("4xx"), REQUESTS.labelValues("5xx")};
    private static final DistributionDataPoint ALL = DURATION.labelValues();

    private RequestEvents() {}

    /** One request answered with {@code status} and {@code bytes} of body, begun at {@code startNanos}. */
    static void answered(RequestHead head, int status, long bytes, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        BY_CLASS[Math.clamp(status / 100 - 1, 0, 4)].inc();
        ALL.observe(nanos / 1e9);
        Request e = new Request();
        if (e.shouldCommit()) {
            e.method = head.method();
            e.path = head.path(); // never the query: it may carry tokens
            e.status = status;
            e.took = nanos;
            e.bodyBytes = bytes;
            e.commit();
        }
    }

    @jdk.jfr.Name("throng.HttpRequest")
    // One per message or request: unthrottled, a busy server records hundreds of thousands a second
    // (docs/operations.md, "Sampled events"). `--jfr-rate` sets another rate.
    @jdk.jfr.Throttle("1000/s")
    @jdk.jfr.Label("HTTP Request")
    @jdk.jfr.Category({"Throng", "HTTP"})
    @jdk.jfr.StackTrace(false)
    static final class Request extends jdk.jfr.Event {
        @jdk.jfr.Label("Method")
        String method;
        @jdk.jfr.Label("Path")
        String path;
        @jdk.jfr.Label("Status")
        int status;
        @jdk.jfr.Label("Took")
        @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS)
        long took;
        @jdk.jfr.Label("Response Body Bytes")
        @jdk.jfr.DataAmount(jdk.jfr.DataAmount.BYTES)
        long bodyBytes;
    }
}
