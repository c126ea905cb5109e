package io.throng.load.chat;

import io.throng.load.Meter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The measurements of one chat event loop: written by the loop's thread only, sampled once a second.
 * Delivery latencies (microseconds) go to wait-free recorders: {@code latency} from the message's intended send
 * time (its slot in the schedule), {@code uncorrected} from when it actually left the loader.
 */
final class ChatMeter {
    private final SingleWriterRecorder latency = new SingleWriterRecorder(1, Meter.HIGHEST_MICROS, 3);
    private final SingleWriterRecorder uncorrected = new SingleWriterRecorder(1, Meter.HIGHEST_MICROS, 3);
    private final AtomicLong says = new AtomicLong();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicInteger connected = new AtomicInteger();
    private final Map<String, Long> errors = new TreeMap<>(); // guarded by this

    private long reportedSays;
    private long reportedAcks;
    private long reportedDelivered;

    void said() {
        says.lazySet(says.get() + 1);
    }

    void acked() {
        acks.lazySet(acks.get() + 1);
    }

    void delivered(long intendedMicros, long sentMicros, long nowMicros) {
        latency.recordValue(clamp(nowMicros - intendedMicros));
        uncorrected.recordValue(clamp(nowMicros - sentMicros));
        delivered.lazySet(delivered.get() + 1);
    }

    /** A message whose text carried no send time (not ours): counted, not timed. */
    void deliveredUntimed() {
        delivered.lazySet(delivered.get() + 1);
    }

    void connected(int delta) {
        connected.addAndGet(delta);
    }

    int connected() {
        return connected.get();
    }

    long acks() {
        return acks.get();
    }

    long says() {
        return says.get();
    }

    /** Counts an error of a kind: connect, dropped, protocol, or server:CODE. Rare, so a lock is fine. */
    synchronized void error(String kind) {
        errors.merge(kind, 1L, Long::sum);
    }

    /** Everything since the previous call; sampler thread only. */
    synchronized ChatSample sample(int second) {
        Histogram l = latency.getIntervalHistogram();
        Histogram u = uncorrected.getIntervalHistogram();
        long s = says.get();
        long a = acks.get();
        long d = delivered.get();
        ChatSample sample = new ChatSample(second, l, u, s - reportedSays, a - reportedAcks, d - reportedDelivered,
                connected.get(), Map.copyOf(errors));
        errors.clear();
        reportedSays = s;
        reportedAcks = a;
        reportedDelivered = d;
        return sample;
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(micros, Meter.HIGHEST_MICROS));
    }
}
