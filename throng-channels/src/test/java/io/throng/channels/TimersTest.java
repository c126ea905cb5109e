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
        Timers.Ticker ticker = Timers.ticker(Duration.ofMillis(5));
        try {
            Instant previous = Await.recv(ticker.channel());
            for (int i = 0; i < 5; i++) {
                Instant next = Await.recv(ticker.channel());
                assertFalse(next.isBefore(previous), "ticks go forward");
                previous = next;
            }
        } finally {
            ticker.stop();
        }
        assertTrue(ticker.task().isCancelled());
        // At most one tick was pending when it stopped; after that, silence.
        ticker.channel().tryReceive();
        assertEquals(Received.empty(), ticker.channel().receive(Duration.ofMillis(50)), "ticked after stop");
        assertFalse(ticker.channel().isClosed(), "as in Go, stopping does not close the channel");
    }

    @Test
    void slowReceiverMissesTicksInsteadOfGettingABurst() throws Exception {
        try (Timers.Ticker ticker = Timers.ticker(Duration.ofMillis(20))) {
            Await.recv(ticker.channel());
            // Let about ten periods pass without receiving (a timed receive on an idle channel waits).
            assertEquals(Received.empty(), Channel.unbuffered().receive(Duration.ofMillis(200)));
            int burst = 0;
            while (ticker.channel().tryReceive().hasValue()) {
                burst++;
            }
            // One pending tick, plus at most one that landed while we were draining.
            assertTrue(burst >= 1 && burst <= 2, "ticks waiting after ten periods: " + burst);
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
