package io.throng.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The measurements of one event loop: written by that loop's thread only, read once a second by a sampler.
 *
 * <p>Latencies are recorded in microseconds into wait-free recorders, so the loop never blocks on the sampler.
 * Two histograms are kept: {@code latency} counts from the <em>intended</em> send time (open model; in the
 * closed model intended and actual send times are the same), {@code uncorrected} from the actual send time,
 * so a report can show how much coordinated omission would have hidden.
 */
public final class Meter {
    /** Latencies up to one hour, three significant digits. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;

    private final SingleWriterRecorder latency = new SingleWriterRecorder(1, HIGHEST_MICROS, 3);
    private final SingleWriterRecorder uncorrected = new SingleWriterRecorder(1, HIGHEST_MICROS, 3);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLongArray errors = new AtomicLongArray(ErrorKind.values().length);
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicReference<Connects> connects = new AtomicReference<>(Connects.NONE);

    // Sampler-side state: what the previous sample already reported.
    private long reportedCompleted;
    private long reportedBytes;
    private final long[] reportedErrors = new long[ErrorKind.values().length];

    /** Records a complete response; times are {@link System#nanoTime()} values. */
    public void response(long intendedNanos, long sentNanos, long nowNanos, int status) {
        latency.recordValue(clamp((nowNanos - intendedNanos) / 1000));
        uncorrected.recordValue(clamp((nowNanos - sentNanos) / 1000));
        completed.lazySet(completed.get() + 1);
        if (status >= 400) {
            error(ErrorKind.STATUS);
        }
    }

    /** Counts a failed request or connection attempt. */
    public void error(ErrorKind kind) {
        errors.lazySet(kind.ordinal(), errors.get(kind.ordinal()) + 1);
    }

    /** Counts bytes received. */
    public void received(long n) {
        bytes.lazySet(bytes.get() + n);
    }

    /** Adjusts the number of currently open connections. */
    public void connections(int delta) {
        connections.addAndGet(delta);
    }

    /** Counts requests left without a response when the run ended (in flight, or due but not yet sent). */
    public void unanswered(long n) {
        unanswered.addAndGet(n);
    }

    /** Where the connections stood when measuring began; the next sample carries it. */
    public void connects(Connects c) {
        connects.set(c);
    }

    /** Open connections right now. */
    public int connections() {
        return connections.get();
    }

    /** Everything recorded since the previous call, labelled with {@code second}; sampler thread only. */
    public synchronized Sample sample(int second) {
        // Fresh histograms each second: the sample keeps them, so recycling would only force a copy.
        Histogram l = latency.getIntervalHistogram();
        Histogram u = uncorrected.getIntervalHistogram();
        long c = completed.get();
        long b = bytes.get();
        long[] e = new long[reportedErrors.length];
        for (int i = 0; i < e.length; i++) {
            long now = errors.get(i);
            e[i] = now - reportedErrors[i];
            reportedErrors[i] = now;
        }
        Sample s = new Sample(second, l, u, c - reportedCompleted, b - reportedBytes, e,
                connections.get(), unanswered.getAndSet(0), connects.getAndSet(Connects.NONE));
        reportedCompleted = c;
        reportedBytes = b;
        return s;
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(micros, HIGHEST_MICROS));
    }
}
