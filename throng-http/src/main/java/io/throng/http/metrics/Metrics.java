package io.throng.http.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.throng.http.Filter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The process's Prometheus metrics: the default registry, where every Throng module counts, plus the JVM's.
 * {@link #start()} once at start-up, then serve {@link #endpoint()} or write {@link #text()}.
 */
public final class Metrics {
    /** The text format's media type, version 0.0.4 (what every Prometheus scrapes). */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private static boolean started;

    private Metrics() {}

    /**
     * Registers the JVM's metrics (memory, GC, threads, classes, open files...), GC pauses and the
     * virtual-thread scheduler's state (and, with {@code -Dthrong.metrics.jfr=true}, the JFR stream behind
     * virtual threads started, ended and pinned). Idempotent. Without it the registry still holds Throng's own
     * counters: they count from class loading on.
     */
    public static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        JvmMetrics.builder().register(PrometheusRegistry.defaultRegistry);
        GcPauses.start(PrometheusRegistry.defaultRegistry);
        VirtualThreadMetrics.start(PrometheusRegistry.defaultRegistry);
    }

    /** Every metric of the process in the Prometheus text format. */
    public static String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            PrometheusTextFormatWriter.create().write(out, PrometheusRegistry.defaultRegistry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A filter answering {@code GET /metrics} with {@link #text()} and passing everything else on. */
    public static Filter endpoint() {
        return (req, res, next) -> {
            if ("/metrics".equals(req.path()) && ("GET".equals(req.method()) || "HEAD".equals(req.method()))) {
                res.header("Cache-Control", "no-store").contentType(CONTENT_TYPE);
                res.send(text());
            } else {
                next.handle(req, res);
            }
        };
    }
}
