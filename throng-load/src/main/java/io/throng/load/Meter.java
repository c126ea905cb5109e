package io.throng.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntervalHistogramProvider;

/**
 * The measurements of one producer (an HTTP event loop, a process's WebSocket connections), read once a second
 * by a sampler into a {@link Sample}. Latencies are recorded in microseconds (1 µs .. 1 h, three significant
 * digits) into two histograms: {@code latency} from the <em>intended</em> send time (open model; in the closed
 * model intended and actual send times are the same), {@code uncorrected} from the actual send time, so a report
 * can show how much coordinated omission would have hidden.
 *
 * <p>This class is the sampler's side and the rarely written counts; each engine's subclass records the hot
 * figures in the way its threads need (one writer per loop, or many readers at once), with final methods on a
 * final class so that recording costs no virtual call.
 */
public abstract class Meter {
    /** Latencies up to one hour, three significant digits. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;

    /** Errors by {@link ErrorKind#ordinal()}; the subclass counts them. */
    protected final AtomicLongArray errors = new AtomicLongArray(ErrorKind.values().length);
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicReference<Connects> connects = new AtomicReference<>(Connects.NONE);
    private final TlsRecorder tls = new TlsRecorder();
    private final IntervalHistogramProvider<Histogram> latency;
    private final IntervalHistogramProvider<Histogram> uncorrected;
    private final LongSupplier completed;
    private final LongSupplier bytes;
    private final LongSupplier takeUnanswered;

    // Sampler-side state: what the previous sample already reported.
    private long reportedCompleted;
    private long reportedBytes;
    private final long[] reportedErrors = new long[ErrorKind.values().length];

    /**
     * @param latency the subclass's recorder of latencies from the intended send time
     * @param uncorrected its recorder of latencies from the actual send time
     * @param completed complete responses (or measured messages) since the start
     * @param bytes bytes received since the start
     * @param takeUnanswered requests (or messages) left unanswered since the previous call, resetting the count
     */
    protected Meter(IntervalHistogramProvider<Histogram> latency, IntervalHistogramProvider<Histogram> uncorrected,
            LongSupplier completed, LongSupplier bytes, LongSupplier takeUnanswered) {
        this.latency = latency;
        this.uncorrected = uncorrected;
        this.completed = completed;
        this.bytes = bytes;
        this.takeUnanswered = takeUnanswered;
    }

    /** Adjusts the number of currently open connections. */
    public final void connections(int delta) {
        connections.addAndGet(delta);
    }

    /** Open connections right now. */
    public final int connections() {
        return connections.get();
    }

    /** Where the connections stood when measuring began; the next sample carries it. */
    public final void connects(Connects c) {
        connects.set(c);
    }

    /** The TLS figures of this producer's connections (https://, wss://); the next sample carries them. */
    public final TlsRecorder tls() {
        return tls;
    }

    /** Everything recorded since the previous call, labelled with {@code second}; sampler thread only. */
    public final synchronized Sample sample(int second) {
        // Fresh histograms each second: the sample keeps them, so recycling would only force a copy.
        Histogram l = latency.getIntervalHistogram();
        Histogram u = uncorrected.getIntervalHistogram();
        long c = completed.getAsLong();
        long b = bytes.getAsLong();
        long[] e = new long[reportedErrors.length];
        for (int i = 0; i < e.length; i++) {
            long now = errors.get(i);
            e[i] = now - reportedErrors[i];
            reportedErrors[i] = now;
        }
        Sample s = new Sample(second, l, u, c - reportedCompleted, b - reportedBytes, e,
                connections.get(), takeUnanswered.getAsLong(), connects.getAndSet(Connects.NONE).withTls(tls.take()));
        reportedCompleted = c;
        reportedBytes = b;
        return s;
    }

    /** A latency clamped into the histograms' range. */
    protected static long clamp(long micros) {
        return Math.max(0, Math.min(micros, HIGHEST_MICROS));
    }
}
