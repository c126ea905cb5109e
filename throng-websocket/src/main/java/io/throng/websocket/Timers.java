package io.throng.websocket;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One shared timer thread for every connection's liveness checks and close deadlines: a heap of
 * deadlines, not a sleeping thread per connection. Tasks only read clocks, enqueue a ping or close a
 * channel, so they never block the timer thread.
 */
final class Timers {
    private static final ScheduledThreadPoolExecutor TIMER = create();

    private Timers() {}

    private static ScheduledThreadPoolExecutor create() {
        var t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "throng-ws-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    static ScheduledFuture<?> after(long nanos, Runnable task) {
        return TIMER.schedule(guard(task), nanos, TimeUnit.NANOSECONDS);
    }

    static ScheduledFuture<?> every(long nanos, Runnable task) {
        return TIMER.scheduleWithFixedDelay(guard(task), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A periodic task that throws is silently descheduled; keep it alive and say why.
                System.getLogger("io.throng.websocket").log(System.Logger.Level.WARNING, "timer task failed", e);
            }
        };
    }
}
