package io.throng.packet.tunnel;

/**
 * The receive side's memory of which counters it already accepted: a 2048-bit sliding bitmap kept as
 * a ring of 64-bit words (RFC 6479, as in WireGuard). A counter is fresh when it is above the greatest
 * seen, or within the last {@link #SIZE} below it and not yet marked; older ones are refused, so a
 * replay is refused whether or not it is still in the window. Sliding forward clears whole words, so
 * a step costs at most the ring's 32 words. Used by one thread (the one receiving datagrams).
 */
final class ReplayWindow {
    private static final int WORDS = 32;
    /** Counters this far or further below the greatest accepted one are refused: one word is kept spare for sliding. */
    static final long SIZE = (WORDS - 1) * 64L;

    private final long[] ring = new long[WORDS];
    private long greatest; // 0 with nothing marked: counter 0 is then fresh because its bit is clear

    /** Whether {@code counter} may be accepted; does not mark it (mark only after authentication). */
    boolean fresh(long counter) {
        if (counter < 0) {
            return false;
        }
        if (counter > greatest) {
            return true;
        }
        if (greatest - counter >= SIZE) {
            return false;
        }
        return (ring[word(counter)] & bit(counter)) == 0;
    }

    /** Records {@code counter} as accepted; call only after {@link #fresh} said yes and the packet authenticated. */
    void mark(long counter) {
        if (counter > greatest) {
            long from = greatest >>> 6, to = counter >>> 6;
            long clear = Math.min(to - from, WORDS);
            for (long i = 1; i <= clear; i++) {
                ring[word((from + i) << 6)] = 0;
            }
            greatest = counter;
        }
        ring[word(counter)] |= bit(counter);
    }

    private static int word(long counter) {
        return (int) ((counter >>> 6) & (WORDS - 1));
    }

    private static long bit(long counter) {
        return 1L << (counter & 63);
    }
}
