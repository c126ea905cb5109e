package io.throng.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pass/fail gates for CI: a run that misses one exits non-zero.
 *
 * @param maxP99 highest acceptable p99 latency (corrected), or null for no limit
 * @param maxErrors highest acceptable error count of all kinds, or -1 for no limit
 */
public record Thresholds(Duration maxP99, long maxErrors) {
    /** Human-readable descriptions of the gates the report misses; empty when it passes. */
    public List<String> violations(LoadReport report) {
        List<String> v = new ArrayList<>();
        if (maxP99 != null) {
            long limit = maxP99.toNanos() / 1000;
            long p99 = report.percentileMicros(99);
            if (p99 > limit) {
                v.add("p99 " + Durations.micros(p99) + " > max " + Durations.micros(limit));
            }
        }
        if (maxErrors >= 0 && report.errorCount() > maxErrors) {
            v.add("errors " + report.errorCount() + " > max " + maxErrors);
        }
        if (report.completed() == 0) {
            v.add("no request completed");
        }
        return v;
    }
}
