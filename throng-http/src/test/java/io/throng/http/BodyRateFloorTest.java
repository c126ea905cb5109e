package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The floor's arithmetic: what a client has earned, what it has used, and where it runs out. */
class BodyRateFloorTest {
    private static final long MS = 1_000_000;
    private static final long CAP = 30_000 * MS;

    @Test
    void aFreshBodyMayWaitTheGrace() throws Exception {
        BodyRateFloor floor = new BodyRateFloor(1000, 500 * MS);
        assertEquals(500 * MS, floor.allowanceNanos(CAP));
    }

    @Test
    void eachByteEarnsOneRateWorthOfWaiting() throws Exception {
        BodyRateFloor floor = new BodyRateFloor(1000, 500 * MS);
        floor.waited(250, 100 * MS); // 250 bytes earn 250 ms; 100 ms used
        assertEquals(650 * MS, floor.allowanceNanos(CAP));
    }

    @Test
    void theAllowanceIsCappedByThePerReadTimeout() throws Exception {
        BodyRateFloor floor = new BodyRateFloor(1000, 500 * MS);
        floor.waited(1_000_000, 0);
        assertEquals(CAP, floor.allowanceNanos(CAP));
    }

    @Test
    void aClientThatUsedAllItEarnedIsBelowTheFloor() {
        BodyRateFloor floor = new BodyRateFloor(1000, 500 * MS);
        floor.waited(100, 600 * MS); // earned 600 ms, used 600 ms
        assertThrows(SocketTimeoutException.class, () -> floor.allowanceNanos(CAP));
    }

    @Test
    void resetStartsANewBody() throws Exception {
        BodyRateFloor floor = new BodyRateFloor(1000, 500 * MS);
        floor.waited(0, 600 * MS);
        floor.reset();
        assertEquals(500 * MS, floor.allowanceNanos(CAP));
    }

    @Test
    void zeroTurnsTheFloorOff() throws Exception {
        BodyRateFloor floor = new BodyRateFloor(0, 0);
        floor.waited(0, 3_600_000 * MS);
        assertEquals(CAP, floor.allowanceNanos(CAP));
    }

    @Test
    void hugeCountsDoNotOverflow() throws Exception {
        BodyRateFloor floor = new BodyRateFloor(1, 0);
        floor.waited(Long.MAX_VALUE / 2, 0);
        assertEquals(CAP, floor.allowanceNanos(CAP));
    }
}
