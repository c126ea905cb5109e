package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fake clock: nothing fires until it is advanced; advancing fires exactly what fell due, in due
 * order, with the clock reading each callback's due time; cancelled callbacks never run and are not
 * kept; periodic ones run once per period passed. The same checks as {@link TimersTest}'s real-time
 * ones, exact where the real clock only allows bounds.
 */
class ManualTimersTest {
    private final ManualTimers clock = new ManualTimers(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void nothingFiresUntilAdvancedAndThenInDueOrder() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        List<Long> at = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(3), () -> { ran.add("c"); at.add(clock.nanoTime()); });
        clock.schedule(Duration.ofSeconds(1), () -> { ran.add("a"); at.add(clock.nanoTime()); });
        clock.schedule(Duration.ofSeconds(1), () -> { ran.add("b"); at.add(clock.nanoTime()); }); // tie: scheduling order
        clock.schedule(Duration.ofSeconds(10), () -> ran.add("late"));
        assertEquals(List.of(), ran, "fired without advancing");
        clock.advance(Duration.ofMillis(999));
        assertEquals(List.of(), ran, "fired early");
        clock.advance(Duration.ofSeconds(3));
        assertEquals(List.of("a", "b", "c"), ran);
        assertEquals(List.of(1_000_000_000L, 1_000_000_000L, 3_000_000_000L), at, "the clock reads each due time");
        assertEquals(Instant.parse("2026-01-01T00:00:03.999Z"), clock.now());
        assertEquals(1, clock.pending(), "the late one still waits");
    }

    @Test
    void aCallbackScheduledWithinTheWindowRunsToo() {
        List<String> ran = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(1), () -> {
            ran.add("first");
            clock.schedule(Duration.ofSeconds(1), () -> ran.add("second"));
            clock.schedule(Duration.ofSeconds(5), () -> ran.add("third"));
        });
        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of("first", "second"), ran);
        clock.advance(Duration.ofSeconds(4));
        assertEquals(List.of("first", "second", "third"), ran);
    }

    @Test
    void cancelledCallbacksNeverRunAndAreNotKept() {
        List<String> ran = new ArrayList<>();
        ScheduledFuture<?> f = clock.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
        assertEquals(1, clock.pending());
        assertEquals(1000, f.getDelay(TimeUnit.MILLISECONDS));
        assertTrue(f.cancel(false));
        assertEquals(0, clock.pending(), "a cancelled timer is dropped, as the real scheduler's removeOnCancel");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of(), ran);
        assertTrue(f.isCancelled());
    }

    @Test
    void periodicCallbacksRunOncePerPeriodAndAThrowDoesNotStopThem() {
        int[] runs = {0};
        ScheduledFuture<?> f = clock.every(Duration.ofMillis(100), () -> {
            runs[0]++;
            throw new IllegalStateException("a failing periodic task is logged and kept");
        });
        clock.advance(Duration.ofMillis(1050));
        assertEquals(10, runs[0]);
        f.cancel(false);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(10, runs[0], "ran after cancel");
        assertEquals(0, clock.pending());
    }

    @Test
    void afterHoldsTheTimeOnceAdvancedPastItsDelay() throws Exception {
        Channel<Instant> t = clock.after(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertEquals(Received.empty(), t.tryReceive(), "fired early");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(new Received.Value<>(Instant.parse("2026-01-01T00:00:30Z")), t.tryReceive());
        clock.advance(Duration.ofHours(1));
        assertEquals(Received.empty(), t.tryReceive(), "after fires once");
        Channel<Instant> never = clock.after(Duration.ofSeconds(Long.MAX_VALUE));
        clock.advance(Duration.ofDays(365 * 100));
        assertEquals(Received.empty(), never.tryReceive());
    }

    @Test
    void afterWorksAsASelectCase() throws Exception {
        Channel<Integer> never = Channel.unbuffered();
        Channel<Instant> timeout = clock.after(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(5));
        String r = Select.select(never.onReceive(v -> "value"), timeout.onReceive(i -> "timer"),
                Select.onTimeout(Await.PATIENCE, () -> "lost timer"));
        assertEquals("timer", r);
    }

    @Test
    void negativeAdvanceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
        assertFalse(clock.now().isAfter(Instant.parse("2026-01-01T00:00:00Z")));
    }
}
