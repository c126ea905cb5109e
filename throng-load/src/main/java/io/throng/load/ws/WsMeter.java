package io.throng.load.ws;

import io.throng.load.ErrorKind;
import io.throng.load.Meter;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The measurements of one process's WebSocket connections. Unlike the HTTP engine's per-loop meter, many threads
 * write here (each connection's reader), so the histograms are multi-writer {@link Recorder}s and the counters
 * are adders; the sampler takes the same {@link io.throng.load.Sample} a second, so the report path is shared
 * with {@code load http}.
 */
final class WsMeter extends Meter {
    private final Recorder latency = new Recorder(1, HIGHEST_MICROS, 3);
    private final Recorder uncorrected = new Recorder(1, HIGHEST_MICROS, 3);
    private final LongAdder received = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder unanswered = new LongAdder();

    /** A measured message arrived; times are {@link System#nanoTime()} values. */
    void message(long intendedNanos, long sentNanos, long nowNanos) {
        latency.recordValue(clamp((nowNanos - intendedNanos) / 1000));
        uncorrected.recordValue(clamp((nowNanos - sentNanos) / 1000));
        received.increment();
    }

    void bytes(long n) {
        bytes.add(n);
    }

    void error(ErrorKind kind) {
        errors.incrementAndGet(kind.ordinal());
    }

    void errors(ErrorKind kind, long n) {
        errors.addAndGet(kind.ordinal(), n);
    }

    /** Echoes still outstanding, or fan-out deliveries that never came, when the run ended. */
    void unanswered(long n) {
        unanswered.add(n);
    }

    @Override
    protected Histogram intervalLatency() {
        return latency.getIntervalHistogram();
    }

    @Override
    protected Histogram intervalUncorrected() {
        return uncorrected.getIntervalHistogram();
    }

    @Override
    protected long completedTotal() {
        return received.sum();
    }

    @Override
    protected long bytesTotal() {
        return bytes.sum();
    }

    @Override
    protected long takeUnanswered() {
        return unanswered.sumThenReset();
    }
}
