package io.throng.load.ws;

import io.throng.load.Connects;
import io.throng.load.ErrorKind;
import io.throng.load.Meter;
import io.throng.load.Sample;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The measurements of one process's WebSocket connections. Unlike the HTTP engine's per-loop
 * {@link Meter}, many threads write here (each connection's reader), so the histograms are multi-writer
 * {@link Recorder}s and the counters are adders; the sampler still takes one {@link Sample} a second, in the
 * same units (microseconds, 1 µs .. 1 h, three digits), so the report path is shared with {@code load http}.
 */
final class WsMeter {
    private final Recorder latency = new Recorder(1, Meter.HIGHEST_MICROS, 3);
    private final Recorder uncorrected = new Recorder(1, Meter.HIGHEST_MICROS, 3);
    private final LongAdder received = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final AtomicLongArray errors = new AtomicLongArray(ErrorKind.values().length);
    private final AtomicInteger connections = new AtomicInteger();
    private final LongAdder unanswered = new LongAdder();
    private final AtomicReference<Connects> connects = new AtomicReference<>(Connects.NONE);

    private long reportedReceived;
    private long reportedBytes;
    private final long[] reportedErrors = new long[ErrorKind.values().length];

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

    void connections(int delta) {
        connections.addAndGet(delta);
    }

    int connections() {
        return connections.get();
    }

    /** The connect phase's outcome; the next sample carries it. */
    void connects(Connects c) {
        connects.set(c);
    }

    /** Echoes still outstanding, or fan-out deliveries that never came, when the run ended. */
    void unanswered(long n) {
        unanswered.add(n);
    }

    /** Everything recorded since the previous call, labelled with {@code second}; one sampler thread only. */
    synchronized Sample sample(int second) {
        Histogram l = latency.getIntervalHistogram();
        Histogram u = uncorrected.getIntervalHistogram();
        long r = received.sum();
        long b = bytes.sum();
        long[] e = new long[reportedErrors.length];
        for (int i = 0; i < e.length; i++) {
            long now = errors.get(i);
            e[i] = now - reportedErrors[i];
            reportedErrors[i] = now;
        }
        Sample s = new Sample(second, l, u, r - reportedReceived, b - reportedBytes, e, connections.get(),
                unanswered.sumThenReset(), connects.getAndSet(Connects.NONE));
        reportedReceived = r;
        reportedBytes = b;
        return s;
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(micros, Meter.HIGHEST_MICROS));
    }
}
