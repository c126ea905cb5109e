package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/goroutines.go} at the scale the issue asks for: a chain of
 * 1,000,000 virtual threads, each blocked receiving from its right-hand channel and then sending one
 * more than it got to its left-hand channel. One value pushed in at the right end must come out at the
 * left end incremented by every thread, which proves that a million parked receivers were each woken
 * exactly once and that a million blocked parties fit in the heap (surefire runs with -Xmx4g). The
 * threads are counted out on a wait group, so the chain is also torn down completely.
 */
class GoGoroutinesTest {
    private static final int N = 1_000_000;

    @Test
    void millionThreadChain() throws Exception {
        Channel<Integer> leftmost = Channel.unbuffered();
        Channel<Integer> right = leftmost;
        WaitGroup done = new WaitGroup();
        done.add(N);
        for (int i = 0; i < N; i++) {
            Channel<Integer> left = right;
            right = Channel.unbuffered();
            Channel<Integer> in = right;
            Thread.startVirtualThread(() -> {
                try {
                    left.send(1 + in.take());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.done();
                }
            });
        }
        assertTrue(right.send(0, Await.PATIENCE), "the rightmost thread never took the value");
        Received<Integer> out = leftmost.receive(Duration.ofSeconds(50));
        assertEquals(new Received.Value<>(N), out, "the value must pass through every thread once");
        assertTrue(done.await(Await.PATIENCE), "not every thread of the chain finished");
    }
}
