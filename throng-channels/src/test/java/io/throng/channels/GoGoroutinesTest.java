package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reproduces Go's {@code test/chan/goroutines.go} at the scale the issue asks for: a chain of
 * 1,000,000 virtual threads, each blocked receiving from its right-hand channel and then sending one
 * more than it got to its left-hand channel. One value pushed in at the right end must come out at the
 * left end incremented by every thread, which proves that a million parked receivers were each woken
 * exactly once and that a million blocked parties fit in the heap (surefire runs with -Xmx4g). The
 * threads are counted out on a wait group, so the chain is also torn down completely; if the test
 * fails, it interrupts the whole chain so that a million stuck threads do not burden the next tests.
 */
class GoGoroutinesTest {
    private static final int N = 1_000_000;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS) // a loaded 2-core machine needs far more than the usual ~5 s
    void millionThreadChain() throws Exception {
        Channel<Integer> leftmost = Channel.unbuffered();
        Channel<Integer> right = leftmost;
        WaitGroup done = new WaitGroup();
        Thread[] chain = new Thread[N];
        boolean passed = false;
        try {
            for (int i = 0; i < N; i++) {
                Channel<Integer> left = right;
                right = Channel.unbuffered();
                Channel<Integer> in = right;
                done.add(1);
                chain[i] = Thread.startVirtualThread(() -> {
                    try {
                        left.send(1 + in.take());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.done();
                    }
                });
            }
            // The rightmost thread only starts after the million before it; give the scheduler time.
            assertTrue(right.send(0, Duration.ofSeconds(100)), "the rightmost thread never took the value");
            Received<Integer> out = leftmost.receive(Duration.ofSeconds(100));
            assertEquals(new Received.Value<>(N), out, "the value must pass through every thread once");
            assertTrue(done.await(Duration.ofSeconds(30)), "not every thread of the chain finished");
            passed = true;
        } finally {
            if (!passed) {
                for (Thread t : chain) {
                    if (t != null) {
                        t.interrupt();
                    }
                }
                done.await(Duration.ofSeconds(30));
            }
        }
    }
}
