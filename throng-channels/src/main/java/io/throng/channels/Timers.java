package io.throng.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * Channels that deliver the time: Go's {@code time.After} and {@code time.NewTicker}, plus the plain
 * callbacks ({@link #schedule}, {@link #every}) that other modules' deadlines run on, all on the real
 * clock ({@link TimerSource#system()}). One daemon scheduler thread serves every timer in the process.
 * Callbacks must be short and never block: they run on that one thread.
 *
 * <p>Code that wants to be tested without waiting takes a {@link TimerSource} instead, and its tests
 * pass a {@link ManualTimers}.
 */
public final class Timers {

    private Timers() {}

    /** A channel that receives the current time once, after {@code delay}. Buffered, so nobody must be listening. */
    public static Channel<Instant> after(Duration delay) {
        return TimerSource.system().after(delay);
    }

    /** Runs {@code task} once after {@code delay} on the timer thread; cancel the future to call it off. */
    public static ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return TimerSource.system().schedule(delay, task);
    }

    /** Runs {@code task} every {@code period} (fixed delay) on the timer thread until the future is cancelled. */
    public static ScheduledFuture<?> every(Duration period, Runnable task) {
        return TimerSource.system().every(period, task);
    }

    /**
     * A ticker that sends the time every {@code period}. Like Go's, it holds at most one tick: a slow
     * receiver misses ticks instead of receiving a burst. Stop it when done, or it ticks forever.
     */
    public static Ticker ticker(Duration period) {
        return TimerSource.system().ticker(period);
    }

    /** A periodic task that throws would be silently descheduled: keep it alive and say why. */
    static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.getLogger("io.throng.channels").log(System.Logger.Level.WARNING, "timer task failed", e);
            }
        };
    }

    static void requirePositive(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("ticker period must be positive: " + period);
        }
    }

    /** A running ticker: receive ticks from {@link #channel()}, and {@link #stop()} it when done. */
    public record Ticker(Channel<Instant> channel, ScheduledFuture<?> task) implements AutoCloseable {
        /** Stops the ticks; the channel stays open (as in Go), so a pending tick may still be received. */
        public void stop() {
            task.cancel(false);
        }

        @Override
        public void close() {
            stop();
        }
    }
}
