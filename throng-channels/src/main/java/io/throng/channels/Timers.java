package io.throng.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Channels that deliver the time: Go's {@code time.After} and {@code time.NewTicker}, plus the plain
 * callbacks ({@link #schedule}, {@link #every}) that other modules' deadlines run on. One daemon
 * scheduler thread serves every timer in the process, so a million pending timers cost a million
 * queue entries, not a million threads. Callbacks must be short and never block: they run on that
 * one thread.
 */
public final class Timers {
    private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

    private Timers() {}

    private static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "throng-timers");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true); // stopped tickers and abandoned timers must not pile up
        return s;
    }

    /** A channel that receives the current time once, after {@code delay}. Buffered, so nobody must be listening. */
    public static Channel<Instant> after(Duration delay) {
        Channel<Instant> ch = Channel.buffered(1);
        SCHEDULER.schedule(() -> ch.trySend(Instant.now()), Math.max(0, Channel.saturatedNanos(delay)), TimeUnit.NANOSECONDS);
        return ch;
    }

    /** Runs {@code task} once after {@code delay} on the timer thread; cancel the future to call it off. */
    public static ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return SCHEDULER.schedule(guard(task), Math.max(0, Channel.saturatedNanos(delay)), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} every {@code period} (fixed delay) on the timer thread until the future is cancelled. */
    public static ScheduledFuture<?> every(Duration period, Runnable task) {
        long nanos = Math.max(1, Channel.saturatedNanos(period));
        return SCHEDULER.scheduleWithFixedDelay(guard(task), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** A periodic task that throws would be silently descheduled: keep it alive and say why. */
    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.getLogger("io.throng.channels").log(System.Logger.Level.WARNING, "timer task failed", e);
            }
        };
    }

    /**
     * A ticker that sends the time every {@code period}. Like Go's, it holds at most one tick: a slow
     * receiver misses ticks instead of receiving a burst. Stop it when done, or it ticks forever.
     */
    public static Ticker ticker(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("ticker period must be positive: " + period);
        }
        Channel<Instant> ch = Channel.buffered(1);
        long nanos = period.toNanos();
        ScheduledFuture<?> task = SCHEDULER.scheduleAtFixedRate(
                () -> ch.trySend(Instant.now()), nanos, nanos, TimeUnit.NANOSECONDS);
        return new Ticker(ch, task);
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
