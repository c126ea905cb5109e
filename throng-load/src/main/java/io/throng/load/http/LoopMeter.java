package io.throng.load.http;

import io.throng.load.ErrorKind;
import io.throng.load.Meter;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The measurements of one {@link EventLoop}: written by that loop's thread only, so latencies go to wait-free
 * single-writer recorders and counters are advanced with {@code lazySet}; the loop never blocks on the sampler.
 */
final class LoopMeter extends Meter {
    private final SingleWriterRecorder latency;
    private final SingleWriterRecorder uncorrected;
    private final AtomicLong completed;
    private final AtomicLong bytes;
    private final AtomicLong unanswered;

    LoopMeter() {
        this(new SingleWriterRecorder(1, HIGHEST_MICROS, 3), new SingleWriterRecorder(1, HIGHEST_MICROS, 3),
                new AtomicLong(), new AtomicLong(), new AtomicLong());
    }

    private LoopMeter(SingleWriterRecorder latency, SingleWriterRecorder uncorrected, AtomicLong completed,
            AtomicLong bytes, AtomicLong unanswered) {
        super(latency, uncorrected, completed::get, bytes::get, () -> unanswered.getAndSet(0));
        this.latency = latency;
        this.uncorrected = uncorrected;
        this.completed = completed;
        this.bytes = bytes;
        this.unanswered = unanswered;
    }

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
}
