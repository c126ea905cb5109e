package io.throng.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The buffer of a buffered or unbounded channel: a bounded ring of values that a send and a receive
 * can use without the channel lock while nobody waits on the channel (Dmitry Vyukov's bounded
 * multi-producer multi-consumer queue: each slot carries a sequence number saying whether it is free
 * for, or holds the value of, a given position).
 *
 * <h2>Two modes, switched by one bit in the counters</h2>
 * A send commits by a compare-and-set of {@code tail} from {@code t} to {@code t + 1}, a receive by one
 * of {@code head}; that compare-and-set is the moment the operation happens. In <em>fast mode</em>
 * anybody may do it, without the channel lock. In <em>slow mode</em> the {@link #SLOW} bit is set in
 * both counters, so every such compare-and-set fails and the fast paths fall back to the lock; the
 * counters then change only under the channel lock ({@link #offerLocked}, {@link #pollLocked}). The
 * channel enters slow mode whenever it takes its lock and leaves it when it releases the lock with no
 * waiting party and not closed. Because the bit lives in the very words the fast paths commit on, a
 * fast operation either committed before the lock holder set the bit (and the lock holder sees it in
 * the counters) or fails: there is no window in which a waiter could queue while a value slips into
 * the ring unseen, which is what makes wake-ups impossible to lose.
 *
 * <p>An operation that committed just before the bit may still be finishing (writing its value, or
 * reading one out); the slot's sequence number says when it is done, and the lock holder waits for
 * that, never for more than a few instructions of the other thread unless its core was taken away.
 *
 * <p>Positions are 64-bit and only grow, so a fast path that read a counter, was delayed, and then
 * succeeds with its compare-and-set is still right: the counter is where it was, so nothing happened
 * at that position in between. Sequence numbers are ints compared by difference, which is enough as
 * long as a thread is not delayed across a billion positions. A ring never grows: the channel replaces a
 * full one by a bigger one under the lock and leaves the old one in slow mode for good, so a fast
 * path still holding the old one fails and retries through the lock.
 */
final class Ring {
    /** Set in both counters while the ring may be changed only under the channel lock. */
    private static final long SLOW = 1L << 62;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    // Both counters in one small array, a cache line apart, so that a producer and a consumer do not
    // invalidate each other's line on every message.
    private static final int TAIL = 0;
    private static final int HEAD = 8;

    private final long[] counters = new long[HEAD + 1];
    private final Object[] items;
    /**
     * Per slot: {@code 2p} if free for position p, {@code 2p + 1} once it holds p's value (as ints).
     * Doubled so that a ring of one slot can tell "holds p" from "free for p + 1".
     */
    private final int[] seqs;
    private final int length;
    /** {@code length - 1} when the length is a power of two (an AND instead of a division), else -1. */
    private final int mask;

    /** A ring of {@code length} slots, in slow mode (it is made under the channel lock). */
    Ring(int length) {
        this.length = length;
        items = new Object[length];
        seqs = new int[length];
        for (int i = 0; i < length; i++) {
            seqs[i] = free(i);
        }
        mask = Integer.bitCount(length) == 1 ? length - 1 : -1;
        counters[TAIL] = SLOW;
        counters[HEAD] = SLOW;
    }

    int length() {
        return length;
    }

    private static int free(long position) {
        return (int) (position << 1);
    }

    private static int full(long position) {
        return (int) (position << 1) | 1;
    }

    private int index(long position) {
        return mask >= 0 ? (int) position & mask : (int) (position % length);
    }

    // ---- without the lock ----

    /** Enqueues {@code value} if the ring is in fast mode and has room; false means "ask under the lock". */
    boolean offerFast(Object value) {
        while (true) {
            long t = (long) LONGS.getAcquire(counters, TAIL);
            if ((t & SLOW) != 0) {
                return false;
            }
            int i = index(t);
            int d = (int) INTS.getAcquire(seqs, i) - free(t);
            if (d < 0) {
                return false; // full, or the receiver of the previous lap is still reading the slot
            }
            if (d == 0 && LONGS.compareAndSet(counters, TAIL, t, t + 1)) {
                items[i] = value;
                INTS.setRelease(seqs, i, full(t));
                return true;
            }
            // Another sender took position t first: try the next one.
        }
    }

    /** Dequeues the oldest value if the ring is in fast mode and one is ready; null means "ask under the lock". */
    Object pollFast() {
        while (true) {
            long h = (long) LONGS.getAcquire(counters, HEAD);
            if ((h & SLOW) != 0) {
                return null;
            }
            int i = index(h);
            int d = (int) INTS.getAcquire(seqs, i) - full(h);
            if (d < 0) {
                return null; // empty, or the sender of position h is still writing its value
            }
            if (d == 0 && LONGS.compareAndSet(counters, HEAD, h, h + 1)) {
                Object x = items[i];
                items[i] = null;
                INTS.setRelease(seqs, i, free(h + length));
                return x;
            }
        }
    }

    // ---- under the channel lock ----

    /** Under the lock: switches to slow mode; from now on only the lock holder moves the counters. */
    void enterSlow() {
        if (((long) LONGS.getAcquire(counters, TAIL) & SLOW) == 0) {
            LONGS.getAndBitwiseOr(counters, TAIL, SLOW);
            LONGS.getAndBitwiseOr(counters, HEAD, SLOW);
        }
    }

    /** Under the lock, in slow mode: lets the fast paths in again. */
    void leaveSlow() {
        LONGS.setRelease(counters, HEAD, (long) LONGS.getAcquire(counters, HEAD) & ~SLOW);
        LONGS.setRelease(counters, TAIL, (long) LONGS.getAcquire(counters, TAIL) & ~SLOW);
    }

    /** Under the lock, in slow mode: how many values are queued (some may still be being written). */
    int size() {
        return (int) (tail() - head());
    }

    /** Under the lock, in slow mode: enqueues {@code value}; false if the ring is full. */
    boolean offerLocked(Object value) {
        long t = tail();
        if (t - head() >= length) {
            return false;
        }
        int i = index(t);
        awaitSeq(i, free(t)); // a fast receiver of the previous lap may still be reading the slot
        items[i] = value;
        INTS.setRelease(seqs, i, full(t));
        LONGS.setRelease(counters, TAIL, (t + 1) | SLOW);
        return true;
    }

    /** Under the lock, in slow mode: dequeues the oldest value, or returns null if the ring is empty. */
    Object pollLocked() {
        long h = head();
        if (h == tail()) {
            return null;
        }
        int i = index(h);
        awaitSeq(i, full(h)); // a fast sender that committed before slow mode may still be writing
        Object x = items[i];
        items[i] = null;
        INTS.setRelease(seqs, i, free(h + length));
        LONGS.setRelease(counters, HEAD, (h + 1) | SLOW);
        return x;
    }

    private long tail() {
        return (long) LONGS.getAcquire(counters, TAIL) & ~SLOW;
    }

    private long head() {
        return (long) LONGS.getAcquire(counters, HEAD) & ~SLOW;
    }

    /** Waits for another thread to finish the few stores it committed to; yields if its core was taken. */
    private void awaitSeq(int i, int expected) {
        int spins = 0;
        while ((int) INTS.getAcquire(seqs, i) != expected) {
            if (++spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }
}
