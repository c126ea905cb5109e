package io.throng.load.chat;

import java.util.concurrent.CountDownLatch;

/**
 * The clock one process's loops share: when the run started (in {@link System#nanoTime()} and in wall-clock
 * microseconds, so a loop converts its schedule to the wall time written into messages without reading the wall
 * clock per message), when sending stops, and when the engine says the run is over.
 */
final class ChatPhase {
    final CountDownLatch go = new CountDownLatch(1);
    final CountDownLatch done;
    volatile long startNanos;
    volatile long startEpochMicros;
    volatile long sendEndNanos;
    volatile long drainEndNanos;
    volatile boolean stopped;

    ChatPhase(int loops) {
        done = new CountDownLatch(loops);
    }

    void start(long startNanos, long startEpochMicros, long sendNanos, long drainNanos) {
        this.startNanos = startNanos;
        this.startEpochMicros = startEpochMicros;
        this.sendEndNanos = startNanos + sendNanos;
        this.drainEndNanos = startNanos + sendNanos + drainNanos;
        go.countDown();
    }

    /** Wall-clock microseconds of a {@link System#nanoTime()} value of this run. */
    long epochMicros(long nanos) {
        return startEpochMicros + (nanos - startNanos) / 1000;
    }

    void stop() {
        stopped = true;
        go.countDown();
    }
}
