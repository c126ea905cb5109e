package io.throng.chaos;

import java.nio.ByteBuffer;

/**
 * Numbered ints (0, 1, 2, ... big-endian) for the switch tests: sent in batches of varied sizes and
 * checked where they arrive, so a byte lost, duplicated or reordered breaks the numbering.
 */
final class Numbered {
    private Numbered() {}

    /** The sending side: the next batch of ints, of a size that varies from 1 to 4,096. */
    static final class Source {
        private final int total;
        private int next;
        private int round;

        Source(int total) {
            this.total = total;
        }

        boolean done() {
            return next == total;
        }

        /** How many ints the next batch has. */
        int batch() {
            return Math.min(total - next, 1 + (round++ * 997) % 4096);
        }

        /** Puts the next {@code n} ints into {@code b}. */
        void put(ByteBuffer b, int n) {
            for (int i = 0; i < n; i++) {
                b.putInt(next++);
            }
        }
    }

    /** The receiving side: every whole int must be the next number. */
    static final class Check {
        private int expected;

        /** Checks and consumes the whole ints in {@code b} (a partial one stays). */
        void check(ByteBuffer b) {
            while (b.remaining() >= 4) {
                int got = b.getInt();
                if (got != expected) {
                    throw new AssertionError("int " + expected + " arrived as " + got);
                }
                expected++;
            }
        }

        int count() {
            return expected;
        }
    }
}
