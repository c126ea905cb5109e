package io.throng.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The handshake-time buckets: where each time lands, how processes add up, and what the summary says. */
class HandshakeTimesTest {
    private static final long MS = 1_000_000;

    @Test
    void eachTimeLandsInTheFirstBucketWhoseBoundItIsUnder() {
        assertArrayEquals(new long[] {1, 0, 0, 0, 0, 0}, HandshakeTimes.of(9 * MS).counts());
        assertArrayEquals(new long[] {0, 1, 0, 0, 0, 0}, HandshakeTimes.of(10 * MS).counts());
        assertArrayEquals(new long[] {0, 0, 0, 1, 0, 0}, HandshakeTimes.of(1_020 * MS).counts()); // one SYN retransmit
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 1}, HandshakeTimes.of(15_000 * MS).counts());
    }

    @Test
    void processesAddUpExactlyAndKeepTheSlowest() {
        HandshakeTimes a = HandshakeTimes.of(5 * MS).plus(HandshakeTimes.of(2_500 * MS));
        HandshakeTimes b = HandshakeTimes.of(50 * MS);
        HandshakeTimes sum = a.plus(b).plus(HandshakeTimes.NONE);
        assertArrayEquals(new long[] {1, 1, 0, 1, 0, 0}, sum.counts());
        assertEquals(3, sum.total());
        assertEquals(2_500, sum.maxMillis());
        assertEquals("<10ms 1, <100ms 1, <3s 1, max 2.50s", sum.describe());
    }

    @Test
    void connectsCarryTheirTimesThroughPlus() {
        Connects one = new Connects(2, 1, 1, 0, 0, 0, 0, HandshakeTimes.of(MS).plus(HandshakeTimes.of(MS)));
        Connects sum = one.plus(one);
        assertEquals(4, sum.handshakes().total());
        assertEquals(Connects.NONE.handshakes(), HandshakeTimes.NONE);
    }
}
