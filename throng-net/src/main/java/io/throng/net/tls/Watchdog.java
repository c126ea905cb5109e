package io.throng.net.tls;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a stream whose handshake or closing exchange overstays, which ends any read or write blocked on
 * it. One daemon thread serves every stream; a disarmed watch leaves the queue at once. Once TLS runs
 * under a {@code Connection}, the connection's own deadline (its server's single sweeper) replaces this.
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {}

    /** One armed watch. Firing and disarming race through one flag, so exactly one of them wins. */
    static final class Watch {
        private final AtomicBoolean over = new AtomicBoolean();
        private ScheduledFuture<?> future;

        /** Stops the watch; false if it fired first (the stream is closed, or being closed). */
        boolean disarm() {
            boolean disarmed = over.compareAndSet(false, true);
            future.cancel(false);
            return disarmed;
        }
    }

    /** Closes {@code stream} after {@code timeout} unless the watch is disarmed first. */
    static Watch closeAfter(Duration timeout, Closeable stream) {
        Watch watch = new Watch();
        watch.future = TIMER.schedule(() -> {
            if (watch.over.compareAndSet(false, true)) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // Closing is best effort: the descriptor is gone either way.
                }
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return watch;
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("throng-tls-watchdog").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
