package io.throng.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The real {@link TimerSource}: one daemon scheduler thread serves every timer in the process, so a
 * million pending timers cost a million queue entries, not a million threads.
 */
final class SystemTimers implements TimerSource {
    static final SystemTimers INSTANCE = new SystemTimers();

    private final ScheduledThreadPoolExecutor scheduler;

    private SystemTimers() {
        scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "throng-timers");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true); // stopped tickers and abandoned timers must not pile up
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return scheduler.schedule(Timers.guard(task), Math.max(0, Channel.saturatedNanos(delay)), TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> every(Duration period, Runnable task) {
        long nanos = Math.max(1, Channel.saturatedNanos(period));
        return scheduler.scheduleWithFixedDelay(Timers.guard(task), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Ticks at a fixed rate, so that a late tick does not push every later one back. */
    @Override
    public Timers.Ticker ticker(Duration period) {
        Timers.requirePositive(period);
        Channel<Instant> ch = Channel.buffered(1);
        long nanos = period.toNanos();
        ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(() -> ch.trySend(Instant.now()), nanos, nanos, TimeUnit.NANOSECONDS);
        return new Timers.Ticker(ch, task);
    }
}
