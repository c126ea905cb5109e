package io.throng.mongrel.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SendQueueTest {

    @Test
    void theBoundRefusesAnOfferUntilTheTakerFreesAPlace() {
        SendQueue<Integer> q = new SendQueue<>(2);
        assertTrue(q.offer(1));
        assertTrue(q.offer(2));
        assertFalse(q.offer(3), "full");
        assertEquals(1, q.poll(0, TimeUnit.MILLISECONDS));
        assertTrue(q.offer(3), "a place again");
        assertEquals(2, q.poll(0, TimeUnit.MILLISECONDS));
        assertEquals(3, q.poll(0, TimeUnit.MILLISECONDS));
        assertNull(q.poll(1, TimeUnit.MILLISECONDS));
    }

    /**
     * Putters far more than places, one taker with a long timeout: every item arrives once and in its
     * putter's order, and the taker is never left parked with an item queued (a lost wake-up would make
     * one poll last its whole 20 s).
     */
    @RepeatedTest(5)
    void manyPuttersOneTakerEveryItemOnceInEachPuttersOrderWithNoLostWakeUp() throws Exception {
        int putters = 8;
        int each = 20_000;
        SendQueue<long[]> q = new SendQueue<>(4);
        Thread[] threads = new Thread[putters];
        for (int p = 0; p < putters; p++) {
            int putter = p;
            threads[p] = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) {
                    try {
                        q.put(new long[] {putter, i});
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            });
        }
        int[] next = new int[putters];
        for (int n = 0; n < putters * each; n++) {
            long start = System.nanoTime();
            long[] item = q.poll(20, TimeUnit.SECONDS);
            // A poll may end early (a wake-up meant for an earlier one), never late.
            while (item == null && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
                item = q.poll(20, TimeUnit.SECONDS);
            }
            assertTrue(item != null && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15),
                    "item " + n + " came at once (no lost wake-up, no leaked place)");
            assertEquals(next[(int) item[0]], item[1], "putter " + item[0] + "'s order");
            next[(int) item[0]]++;
        }
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(10)));
        }
        assertNull(q.poll(1, TimeUnit.MILLISECONDS), "nothing twice");
    }
}
