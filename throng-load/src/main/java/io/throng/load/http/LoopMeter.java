package io.throng.load.http;

import io.throng.load.ErrorKind;
import io.throng.load.Meter;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The measurements of one {@link EventLoop}: written by that loop's thread only, so latencies go to wait-free
 * single-writer recorders and counters are advanced with {@code lazySet}; the loop never blocks on the sampler.
 */
final class LoopMeter extends Meter {
    private final SingleWriterRecorder latency = new SingleWriterRecorder(1, HIGHEST_MICROS, 3);
    private final SingleWriterRecorder uncorrected = new SingleWriterRecorder(1, HIGHEST_MICROS, 3);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();

    /** Records a complete response; times are {@link System#nanoTime()} values. */
    void response(long intendedNanos, long sentNanos, long nowNanos, int status) {
        latency.recordValue(clamp((nowNanos - intendedNanos) / 1000));
        uncorrected.recordValue(clamp((nowNanos - sentNanos) / 1000));
        completed.lazySet(completed.get() + 1);
        if (status >= 400) {
            error(ErrorKind.STATUS);
        }
    }

    /** Counts a failed request or connection attempt. */
    void error(ErrorKind kind) {
        errors.lazySet(kind.ordinal(), errors.get(kind.ordinal()) + 1);
    }

    /** Counts bytes received. */
    void received(long n) {
        bytes.lazySet(bytes.get() + n);
    }

    /** Counts requests left without a response when the run ended (in flight, or due but not yet sent). */
    void unanswered(long n) {
        unanswered.addAndGet(n);
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
        return completed.get();
    }

    @Override
    protected long bytesTotal() {
        return bytes.get();
    }

    @Override
    protected long takeUnanswered() {
        return unanswered.getAndSet(0);
    }
}
