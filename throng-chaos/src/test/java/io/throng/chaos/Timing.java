package io.throng.chaos;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting and timing for the proxy tests: polling a counter, medians, how late this machine's timer is. */
final class Timing {
    private Timing() {}

    /** Polls a condition the test cannot be told about (a counter); fails after 5 s. */
    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 5 s");
            }
            Thread.sleep(1);
        }
    }

    /** How much later than asked a virtual thread wakes from a sleep of {@code millis} on this machine now. */
    static double timerLatenessMillis(long millis) throws InterruptedException {
        double[] late = new double[1];
        Thread t = Thread.ofVirtual().start(() -> {
            long start = System.nanoTime();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            late[0] = (System.nanoTime() - start) / 1e6 - millis;
        });
        t.join();
        return late[0];
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
