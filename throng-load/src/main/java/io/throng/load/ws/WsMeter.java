package io.throng.load.ws;

import io.throng.load.ErrorKind;
import io.throng.load.Meter;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The measurements of one process's WebSocket connections. Unlike the HTTP engine's per-loop meter, many threads
 * write here (each connection's reader), so the histograms are multi-writer {@link Recorder}s and the counters
 * are adders; the sampler takes the same {@link io.throng.load.Sample} a second, so the report path is shared
 * with {@code load http}.
 */
final class WsMeter extends Meter {
    private final Recorder latency;
    private final Recorder uncorrected;
    private final LongAdder received;
    private final LongAdder bytes;
    private final LongAdder unanswered;

    WsMeter() {
        this(new Recorder(1, HIGHEST_MICROS, 3), new Recorder(1, HIGHEST_MICROS, 3), new LongAdder(), new LongAdder(),
                new LongAdder());
    }

    private WsMeter(Recorder latency, Recorder uncorrected, LongAdder received, LongAdder bytes,
            LongAdder unanswered) {
        super(latency, uncorrected, received::sum, bytes::sum, unanswered::sumThenReset);
        this.latency = latency;
        this.uncorrected = uncorrected;
        this.received = received;
        this.bytes = bytes;
        this.unanswered = unanswered;
    }

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
}
