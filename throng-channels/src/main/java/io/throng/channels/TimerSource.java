package io.throng.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * Where time comes from: the clock and the timers that fire on it. {@link #system()} is the real one,
 * which {@link Timers}' static methods use; {@link ManualTimers} is a clock that moves only when a test
 * says so (Twisted's {@code task.Clock}), so code that takes a {@code TimerSource} is tested without
 * sleeps or waiting on real time.
 *
 * <p>Code that has deadlines asks its {@code TimerSource} both for the time ({@link #nanoTime()}) and for
 * callbacks ({@link #schedule}), never {@link System#nanoTime()} directly: a fake clock is only useful if
 * everything that measures time reads it.
 *
 * <p>Callbacks must be short and never block: on the real source they run on one shared timer thread, on
 * a manual one on the thread that advances it.
 */
public interface TimerSource {

    /** The real clock and the process's one timer thread. */
    static TimerSource system() {
        return SystemTimers.INSTANCE;
    }

    /** A monotonic time in nanoseconds, for measuring intervals only (as {@link System#nanoTime()}). */
    long nanoTime();

    /** The wall-clock time, what {@link #after} and {@link #ticker} channels deliver. */
    Instant now();

    /**
     * Runs {@code task} once after {@code delay} (at once if it is zero or negative); cancel the future to
     * call it off. A task that throws is logged, never propagated to the timer.
     */
    ScheduledFuture<?> schedule(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period} (fixed delay) until the future is cancelled; a throw is logged. */
    ScheduledFuture<?> every(Duration period, Runnable task);

    /** A channel that receives the time once, after {@code delay}. Buffered, so nobody must be listening. */
    default Channel<Instant> after(Duration delay) {
        Channel<Instant> ch = Channel.buffered(1);
        schedule(delay, () -> ch.trySend(now()));
        return ch;
    }

    /**
     * A ticker that sends the time every {@code period}. Like Go's, it holds at most one tick: a slow
     * receiver misses ticks instead of receiving a burst. Stop it when done, or it ticks forever.
     */
    default Timers.Ticker ticker(Duration period) {
        Timers.requirePositive(period);
        Channel<Instant> ch = Channel.buffered(1);
        return new Timers.Ticker(ch, every(period, () -> ch.trySend(now())));
    }
}
