package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bookkeeping for stress tests: which values were sent and how often each was received. A value
 * delivered twice, or sent and never delivered, fails {@link #assertBalanced}; so does a received value
 * that no send reported as done (a send that threw must not deliver).
 */
final class Ledger {
    private final AtomicIntegerArray sent;
    private final AtomicIntegerArray received;
    private final LongAdder sentSum = new LongAdder();
    private final LongAdder receivedSum = new LongAdder();
    private final LongAdder receivedCount = new LongAdder();

    Ledger(int size) {
        sent = new AtomicIntegerArray(size);
        received = new AtomicIntegerArray(size);
    }

    void sent(int v) {
        sent.incrementAndGet(v);
        sentSum.add(v);
    }

    void received(int v) {
        received.incrementAndGet(v);
        receivedSum.add(v);
        receivedCount.increment();
    }

    /** How many values have been received so far: a progress count that a watchdog can read while they flow. */
    long receivedCount() {
        return receivedCount.sum();
    }

    int sentCount() {
        int n = 0;
        for (int i = 0; i < sent.length(); i++) {
            n += sent.get(i);
        }
        return n;
    }

    /** Every value was received exactly as often as it was sent (at most once). */
    void assertBalanced() {
        for (int i = 0; i < sent.length(); i++) {
            int s = sent.get(i);
            int r = received.get(i);
            if (s > 1) {
                throw new AssertionError("value " + i + " was sent " + s + " times: a test bug");
            }
            if (r != s) {
                throw new AssertionError("value " + i + (s == 0 ? " was not sent (its send failed)" : " was sent")
                        + " but received " + r + " times");
            }
        }
        assertEquals(sentSum.sum(), receivedSum.sum(), "checksum");
    }

    /** Every value in 0..size-1 was sent, and all were received exactly once. */
    void assertAllDeliveredOnce() {
        assertEquals(sent.length(), sentCount(), "not every value was sent");
        assertBalanced();
    }
}
