package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Timer channels: {@code after} delivers one time value no earlier than its delay and nothing more;
 * nobody has to be listening when it fires; it works as a select case. A ticker delivers repeatedly,
 * keeps at most one pending tick (a slow receiver misses ticks rather than getting a burst), and
 * stops ticking when stopped.
 */
class TimersTest {

    @Test
    void afterFiresOnceNoEarlierThanItsDelay() throws Exception {
        Duration delay = Duration.ofMillis(40);
        long start = System.nanoTime();
        Channel<Instant> t = Timers.after(delay);
        Instant fired = Await.recv(t);
        assertTrue(System.nanoTime() - start >= delay.toNanos(), "fired early");
        assertFalse(fired.isBefore(Instant.now().minusSeconds(60)), "not a current time: " + fired);
        assertEquals(Received.empty(), t.receive(Duration.ofMillis(50)), "after must fire only once");
    }

    @Test
    void afterNeedsNoListener() {
        Channel<Instant> t = Timers.after(Duration.ofMillis(1));
        // Only non-blocking polls: nobody is ever waiting on the channel, so the time must be buffered.
        Await.until("the timer's value is there", () -> t.tryReceive().hasValue());
        Channel<Instant> negative = Timers.after(Duration.ofMillis(-5));
        Await.until("a negative delay fires at once", () -> negative.tryReceive().hasValue());
    }

    @Test
    void afterAsASelectTimeout() throws Exception {
        Channel<Integer> never = Channel.unbuffered();
        String r = Select.select(never.onReceive(v -> "value"), Timers.after(Duration.ofMillis(20)).onReceive(i -> "timer"),
                Select.onTimeout(Await.PATIENCE, () -> "lost timer"));
        assertEquals("timer", r);
    }

    @Test
    void tickerTicksRepeatedlyAndStops() throws Exception {
        ManualTimers clock = new ManualTimers();
        Timers.Ticker ticker = clock.ticker(Duration.ofMillis(5));
        try {
            Instant previous = null;
            for (int i = 1; i <= 6; i++) {
                clock.advance(Duration.ofMillis(5));
                Instant next = Await.recv(ticker.channel());
                assertEquals(Instant.parse("2000-01-01T00:00:00Z").plusMillis(5L * i), next, "tick " + i);
                assertTrue(previous == null || next.isAfter(previous), "ticks go forward");
                previous = next;
            }
        } finally {
            ticker.stop();
        }
        assertTrue(ticker.task().isCancelled());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Received.empty(), ticker.channel().tryReceive(), "ticked after stop");
        assertFalse(ticker.channel().isClosed(), "as in Go, stopping does not close the channel");
        assertEquals(0, clock.pending(), "a stopped ticker leaves nothing scheduled");
    }

    /** On the fake clock this is exact: ten periods pass unreceived, and one tick waits. */
    @Test
    void slowReceiverMissesTicksInsteadOfGettingABurst() throws Exception {
        ManualTimers clock = new ManualTimers();
        try (Timers.Ticker ticker = clock.ticker(Duration.ofMillis(20))) {
            clock.advance(Duration.ofMillis(20));
            Await.recv(ticker.channel());
            clock.advance(Duration.ofMillis(200));
            int burst = 0;
            while (ticker.channel().tryReceive().hasValue()) {
                burst++;
            }
            assertEquals(1, burst, "ticks waiting after ten periods");
        }
    }

    /** The real ticker still ticks on its own. */
    @Test
    void realTickerTicks() throws Exception {
        try (Timers.Ticker ticker = Timers.ticker(Duration.ofMillis(5))) {
            Instant first = Await.recv(ticker.channel());
            assertFalse(Await.recv(ticker.channel()).isBefore(first), "ticks go forward");
        }
    }

    /**
     * Go's idiom for "never" is a timer with the largest duration; channel timeouts saturate such
     * durations, but {@code Timers.after} calls {@code Duration.toNanos()}, which throws
     * ArithmeticException beyond about 292 years (and for a negative one as large, which should fire
     * at once).
     */
    @Test
    void afterAcceptsHugeDurations() throws Exception {
        Channel<Instant> never = Timers.after(Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals(Received.empty(), never.receive(Duration.ofMillis(20)));
        Channel<Instant> longAgo = Timers.after(Duration.ofSeconds(-10_000_000_000L));
        Await.recv(longAgo);
    }

    @Test
    void tickerRejectsNonPositivePeriods() {
        assertThrows(IllegalArgumentException.class, () -> Timers.ticker(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Timers.ticker(Duration.ofMillis(-1)));
    }
}
