package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Timed send and receive: they give up after the timeout without having happened (no value taken, no
 * value left behind), they succeed at once when they can even with a zero or negative timeout, they
 * complete when a partner arrives before the deadline, and a select's timeout case runs only when no
 * channel case became ready in time.
 */
class ChannelTimeoutTest {
    private static final Duration SHORT = Duration.ofMillis(30);

    @Test
    void receiveTimesOutWithEmpty() throws Exception {
        Channel<Integer> c = Channel.unbuffered();
        long start = System.nanoTime();
        assertEquals(Received.empty(), c.receive(SHORT));
        assertTrue(System.nanoTime() - start >= SHORT.toNanos(), "gave up before the timeout");
        // The timed-out receiver left nothing behind: a non-blocking send finds no receiver.
        assertFalse(c.trySend(1));
    }

    @Test
    void sendTimesOutAndSendsNothing() throws Exception {
        for (Channel<Integer> c : java.util.List.of(Channel.<Integer>unbuffered(), Channel.<Integer>buffered(1))) {
            if (c.capacity() == 1) {
                assertTrue(c.trySend(0));
            }
            long start = System.nanoTime();
            assertFalse(c.send(1, SHORT));
            assertTrue(System.nanoTime() - start >= SHORT.toNanos(), "gave up before the timeout");
            if (c.capacity() == 1) {
                Await.assertValue(0, c.tryReceive());
            }
            assertEquals(Received.empty(), c.tryReceive(), "a timed-out send must not deliver its value");
        }
    }

    @Test
    void zeroAndNegativeTimeoutsStillCompleteWhatIsReady() throws Exception {
        Channel<Integer> c = Channel.buffered(1);
        assertTrue(c.send(1, Duration.ZERO));
        assertFalse(c.send(2, Duration.ZERO));
        assertFalse(c.send(2, Duration.ofSeconds(-1)));
        Await.assertValue(1, c.receive(Duration.ofSeconds(-1)));
        assertEquals(Received.empty(), c.receive(Duration.ZERO));
        assertEquals("timeout", Select.select(c.onReceive(v -> "value"), Select.onTimeout(Duration.ZERO, () -> "timeout")));
        assertTrue(c.trySend(3));
        assertEquals("value", Select.select(c.onReceive(v -> "value"), Select.onTimeout(Duration.ZERO, () -> "timeout")));
    }

    @Test
    void hugeTimeoutsDoNotOverflow() throws Exception {
        Channel<Integer> c = Channel.buffered(1);
        assertTrue(c.send(1, Duration.ofSeconds(Long.MAX_VALUE)));
        Await.assertValue(1, c.receive(Duration.ofSeconds(Long.MAX_VALUE)));
        try (Workers w = new Workers()) {
            Thread t = w.virtual(() -> Await.assertValue(2, c.receive(Duration.ofDays(365 * 1000))));
            Await.parked(t);
            assertTrue(c.trySend(2));
            w.join(Await.PATIENCE);
        }
    }

    /**
     * A negative timeout so large that it overflows nanoseconds must still mean "do not wait". Today
     * {@code Channel.deadline} catches the ArithmeticException of {@code Duration.toNanos()} and
     * returns the farthest deadline whatever the sign, so these operations wait for 292 years.
     */
    @Test
    void hugeNegativeTimeoutsDoNotWait() throws Exception {
        Duration longAgo = Duration.ofSeconds(-10_000_000_000L); // about -317 years
        Channel<Integer> c = Channel.unbuffered();
        Await.assertNotBlocks("receive with a huge negative timeout",
                () -> assertEquals(Received.empty(), c.receive(longAgo)));
        Await.assertNotBlocks("send with a huge negative timeout", () -> assertFalse(c.send(1, longAgo)));
        Await.assertNotBlocks("select with a huge negative timeout",
                () -> assertEquals("timeout", Select.select(c.onReceive(v -> "value"),
                        Select.onTimeout(longAgo, () -> "timeout"))));
    }

    @Test
    void partnerBeforeDeadlineCompletesTheOperation() throws Exception {
        Channel<Integer> c = Channel.unbuffered();
        try (Workers w = new Workers()) {
            Thread receiver = w.virtual(() -> Await.assertValue(5, c.receive(Duration.ofMinutes(1))));
            Await.parked(receiver);
            assertTrue(c.send(5, Duration.ofMinutes(1)));
            Thread sender = w.virtual(() -> assertTrue(c.send(6, Duration.ofMinutes(1))));
            Await.parked(sender);
            Await.assertValue(6, c.receive(Duration.ofMinutes(1)));
            w.join(Await.PATIENCE);
        }
    }

    @Test
    void selectTimeoutRunsOnlyWhenNothingBecameReady() throws Exception {
        Channel<Integer> c = Channel.unbuffered();
        long start = System.nanoTime();
        assertEquals("timeout", Select.select(c.onReceive(v -> "value"), c.onSend(1, () -> "sent"),
                Select.onTimeout(SHORT, () -> "timeout")));
        assertTrue(System.nanoTime() - start >= SHORT.toNanos());
        assertEquals(Received.empty(), c.tryReceive(), "the timed-out select left a sender behind");
        assertFalse(c.trySend(1), "the timed-out select left a receiver behind");
        try (Workers w = new Workers()) {
            Thread t = w.virtual(() -> assertEquals("value 7", Select.select(c.onReceive(v -> "value " + v),
                    Select.onTimeout(Duration.ofMinutes(1), () -> "timeout"))));
            Await.parked(t);
            Await.send(c, 7);
            w.join(Await.PATIENCE);
        }
    }

    @Test
    void repeatedTimeoutsLeaveNoGarbage() throws Exception {
        Channel<Integer> c = Channel.unbuffered();
        for (int i = 0; i < 200; i++) {
            assertEquals(Received.empty(), c.receive(Duration.ofNanos(1_000)));
            assertFalse(c.send(i, Duration.ofNanos(1_000)));
            Select.select(c.onReceive(v -> 0), Select.onTimeout(Duration.ofNanos(1_000), () -> 1));
        }
        c.lock();
        boolean idle = c.receivers.isEmpty() && c.senders.isEmpty();
        c.unlock();
        assertTrue(idle, "timed-out waiters must unlink their nodes");
    }
}
