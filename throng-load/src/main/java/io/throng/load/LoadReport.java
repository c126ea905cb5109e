package io.throng.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The result of a run: totals, errors by kind, full latency histograms and a per-second timeline.
 *
 * @param target what was measured, e.g. {@code GET http://127.0.0.1:8080/plaintext}
 * @param shape the load that was applied
 * @param elapsedNanos length of the measured phase
 * @param completed complete responses (including those with error statuses)
 * @param bytes bytes received
 * @param errors errors by {@link ErrorKind#ordinal()}
 * @param latency microseconds from intended send time to complete response (corrected for coordinated
 *     omission in the open model; identical to {@code uncorrected} in the closed model)
 * @param uncorrected microseconds from actual send time to complete response
 * @param timeline one entry per second
 * @param unanswered requests in flight (or, in the open model, due but not sent) when the run ended: neither
 *     completed nor errors, and in no histogram — a server that stalls at the very end shows up here
 * @param connects how the connections asked for ended up when measuring began, summed over every process
 */
public record LoadReport(String target, LoadShape shape, long elapsedNanos, long completed, long bytes,
        long[] errors, Histogram latency, Histogram uncorrected, List<Interval> timeline, long unanswered,
        Connects connects) {

    /** A report without a connection count (kinds that account for connections in their own report). */
    public LoadReport(String target, LoadShape shape, long elapsedNanos, long completed, long bytes, long[] errors,
            Histogram latency, Histogram uncorrected, List<Interval> timeline, long unanswered) {
        this(target, shape, elapsedNanos, completed, bytes, errors, latency, uncorrected, timeline, unanswered,
                Connects.NONE);
    }

    /** Complete responses per second of the measured phase. */
    public double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : completed * 1e9 / elapsedNanos;
    }

    /** All errors of every kind. */
    public long errorCount() {
        long n = 0;
        for (long e : errors) {
            n += e;
        }
        return n;
    }

    /** Error counts by kind, only the kinds that occurred, in declaration order. */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ErrorKind k : ErrorKind.values()) {
            if (errors[k.ordinal()] > 0) {
                m.put(k.label(), errors[k.ordinal()]);
            }
        }
        return m;
    }

    /** The latency in microseconds at a percentile (0..100) of the corrected histogram. */
    public long percentileMicros(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile);
    }
}
