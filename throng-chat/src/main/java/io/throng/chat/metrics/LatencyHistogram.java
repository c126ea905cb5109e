package io.throng.chat.metrics;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Durations in nanoseconds, from 1 µs to 60 s at 2 significant digits, written as a Prometheus
 * histogram in seconds. HdrHistogram keeps no exact sum, so the sum is counted beside it.
 */
public final class LatencyHistogram {
    /** Bucket bounds in seconds: 100 µs to 10 s, the range where chat latencies live. */
    private static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final long MAX = 60_000_000_000L;

    private final ConcurrentHistogram histogram = new ConcurrentHistogram(1_000, MAX, 2);
    private final LongAdder sumNanos = new LongAdder();

    /** Records one duration; negative ones (clocks of two processes that disagree) count as zero. */
    public void record(long nanos) {
        long v = Math.min(Math.max(nanos, 1_000), MAX);
        histogram.recordValue(v);
        sumNanos.add(Math.max(nanos, 0));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** Appends the histogram named {@code name} with its HELP line. */
    public void appendTo(StringBuilder b, String name, String help) {
        Histogram copy = histogram.copy();
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" histogram\n");
        for (double le : BOUNDS) {
            long upTo = copy.getCountBetweenValues(0, (long) (le * 1e9));
            b.append(name).append("_bucket{le=\"").append(le).append("\"} ").append(upTo).append('\n');
        }
        b.append(name).append("_bucket{le=\"+Inf\"} ").append(copy.getTotalCount()).append('\n');
        b.append(name).append("_sum ").append(sumNanos.sum() / 1e9).append('\n');
        b.append(name).append("_count ").append(copy.getTotalCount()).append('\n');
    }
}
