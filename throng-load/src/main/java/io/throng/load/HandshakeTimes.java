package io.throng.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * How long the connection attempts that got an answer took, from the first SYN to the end of the handshake (TCP
 * connect plus WebSocket upgrade), in a few fixed buckets. Fixed buckets add up exactly across processes, and they
 * are enough to tell a slow server (the counts drift right) from dropped SYNs (clusters just above 1 s and 3 s,
 * the kernel's retransmission times).
 *
 * @param counts attempts per bucket: under 10 ms, 100 ms, 1 s, 3 s, 10 s, and the rest
 * @param maxMillis the slowest
 */
public record HandshakeTimes(long[] counts, long maxMillis) {
    /** Upper bounds of the buckets, in milliseconds; the last bucket is open. */
    static final long[] BOUNDS = {10, 100, 1_000, 3_000, 10_000};
    private static final String[] NAMES = {"<10ms", "<100ms", "<1s", "<3s", "<10s", ">=10s"};

    public static final HandshakeTimes NONE = new HandshakeTimes(new long[BOUNDS.length + 1], 0);

    public HandshakeTimes {
        counts = counts == null ? new long[BOUNDS.length + 1] : counts.clone();
        if (counts.length != BOUNDS.length + 1) {
            throw new IllegalArgumentException("expected " + (BOUNDS.length + 1) + " buckets");
        }
    }

    /** One attempt that took {@code nanos}. */
    public static HandshakeTimes of(long nanos) {
        long millis = nanos / 1_000_000;
        long[] c = new long[BOUNDS.length + 1];
        int i = 0;
        while (i < BOUNDS.length && millis >= BOUNDS[i]) {
            i++;
        }
        c[i] = 1;
        return new HandshakeTimes(c, millis);
    }

    public HandshakeTimes plus(HandshakeTimes o) {
        long[] c = counts.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += o.counts[i];
        }
        return new HandshakeTimes(c, Math.max(maxMillis, o.maxMillis));
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** {@code <10ms 950, <100ms 40, <1s 10, max 0.42s}: non-empty buckets only. */
    public String describe() {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                j.add(NAMES[i] + " " + counts[i]);
            }
        }
        return j + String.format(Locale.ROOT, ", max %.2fs", maxMillis / 1000.0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandshakeTimes h && maxMillis == h.maxMillis && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(maxMillis);
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }
}
