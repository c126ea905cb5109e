package io.throng.load.http;

import java.util.concurrent.CountDownLatch;

/**
 * The shared clock of one process's event loops: they connect, report ready, and start measuring together
 * at {@link #startNanos}; they stop sending at {@link #endNanos} or when {@link #stop} is called.
 */
final class Phase {
    final CountDownLatch ready;
    final CountDownLatch go = new CountDownLatch(1);
    final CountDownLatch done;
    volatile long startNanos;
    volatile long endNanos;
    volatile boolean stopped;
    /** When the last loop stopped measuring (before closing its connections, which can take seconds). */
    final java.util.concurrent.atomic.AtomicLong finishedNanos = new java.util.concurrent.atomic.AtomicLong();

    Phase(int loops) {
        ready = new CountDownLatch(loops);
        done = new CountDownLatch(loops);
    }

    /** Starts the measured phase now, for {@code durationNanos}. */
    void start(long durationNanos) {
        long now = System.nanoTime();
        startNanos = now;
        endNanos = now + durationNanos;
        go.countDown();
    }

    void finished(long nanos) {
        finishedNanos.accumulateAndGet(nanos, Math::max);
    }

    void stop() {
        stopped = true;
        go.countDown();
    }
}
