package io.throng.net.tls;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a stream whose handshake or closing exchange overstays, which ends any read or write blocked on
 * it. One daemon thread serves every stream; a cancelled watch leaves the queue at once. Once TLS runs
 * under a {@code Connection}, the connection's own deadline (its server's single sweeper) replaces this.
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {}

    /** Closes {@code stream} after {@code timeout} unless the returned watch is cancelled first. */
    static ScheduledFuture<?> closeAfter(Duration timeout, Closeable stream) {
        return TIMER.schedule(() -> {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Closing is best effort: the descriptor is gone either way.
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("throng-tls-watchdog").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
