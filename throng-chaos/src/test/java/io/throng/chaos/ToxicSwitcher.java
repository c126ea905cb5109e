package io.throng.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The switch-under-traffic harness of {@link FastPathSwitchTest} (TCP) and {@link HttpSwitchTest}
 * (HTTP): while traffic flows through a proxy, a stream toxic of every kind is added and removed again
 * and again, each way in turn, so a pipe's reader keeps switching between its fast path and its queue.
 */
final class ToxicSwitcher {
    /** Toxics that hold bytes back in different ways (delay, cut, throttle, stop all) or count them. */
    private static final List<Toxic> KINDS = List.of(
            new Toxic.Latency(1, 1),
            new Toxic.Slicer(100, 50, 0),
            new Toxic.Bandwidth(20_000),
            new Toxic.Partition(),
            new Toxic.LimitData(Long.MAX_VALUE / 2));

    private ToxicSwitcher() {}

    /**
     * Switches until {@code traffic} is done, then rethrows its failure; fails unless there were at least
     * 20 switches and bytes moved in at least 5 intervals with a toxic and 5 without (else the test
     * proved nothing about the switch).
     */
    static void switchUntilDone(Proxy proxy, CompletableFuture<Void> traffic) throws Exception {
        int switches = 0;
        int movedWithToxic = 0;
        int movedWithout = 0;
        while (!traffic.isDone()) {
            Toxic kind = KINDS.get(switches % KINDS.size());
            Direction stream = switches % 2 == 0 ? Direction.UPSTREAM : Direction.DOWNSTREAM;
            proxy.addToxic(new NamedToxic("t", stream, 1f, kind));
            movedWithToxic += progressed(proxy, traffic) ? 1 : 0;
            proxy.removeToxic("t");
            movedWithout += progressed(proxy, traffic) ? 1 : 0;
            switches++;
        }
        traffic.get(); // a stream's failure (a wrong int, a broken response, an early end) is the test's
        assertTrue(switches >= 20, "only " + switches + " switches while the data flowed");
        assertTrue(movedWithToxic >= 5 && movedWithout >= 5,
                "bytes moved in " + movedWithToxic + " toxic and " + movedWithout + " toxic-free intervals");
    }

    /**
     * Waits until 8 KB more went downstream, or 100 ms (a partition moves nothing: then the interval is
     * simply its length); whether bytes moved.
     */
    private static boolean progressed(Proxy proxy, CompletableFuture<Void> traffic) {
        long from = proxy.sentBytes(Direction.DOWNSTREAM);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        while (System.nanoTime() < deadline && !traffic.isDone()) {
            if (proxy.sentBytes(Direction.DOWNSTREAM) - from >= 8 * 1024) {
                return true;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return proxy.sentBytes(Direction.DOWNSTREAM) > from;
    }
}
