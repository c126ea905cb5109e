package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * WaitGroup, Go's {@code sync.WaitGroup}: await returns only when every added task is done; a count
 * going negative is a bug and throws without changing the count; a zero group does not block;
 * several threads may wait at once; the group can be reused. Also {@code Go.go}.
 */
class WaitGroupTest {

    @Test
    void awaitWaitsForEveryTask() throws Exception {
        WaitGroup wg = new WaitGroup();
        AtomicInteger finished = new AtomicInteger();
        Channel<Integer> gate = Channel.unbuffered();
        for (int i = 0; i < 1_000; i++) {
            wg.go(() -> {
                try {
                    gate.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ChannelClosedException e) {
                    finished.incrementAndGet();
                    throw e; // a task that throws still counts as done
                }
            });
        }
        assertFalse(wg.await(Duration.ofMillis(20)), "tasks are still blocked on the gate");
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        AtomicInteger uncaught = new AtomicInteger();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.incrementAndGet()); // keep the log quiet
        try {
            gate.close(); // take() now throws in every task
            assertTrue(wg.await(Await.PATIENCE));
            assertEquals(1_000, finished.get());
            Await.until("every task's exception reached the handler", () -> uncaught.get() == 1_000);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void negativeCountThrowsAndKeepsTheCount() throws Exception {
        WaitGroup wg = new WaitGroup();
        assertThrows(IllegalStateException.class, wg::done);
        wg.add(2);
        assertThrows(IllegalStateException.class, () -> wg.add(-3));
        wg.done();
        assertFalse(wg.await(Duration.ofMillis(10)), "the failed add must not have changed the count");
        wg.done();
        assertTrue(wg.await(Duration.ZERO));
    }

    @Test
    void zeroGroupDoesNotBlock() throws Exception {
        WaitGroup wg = new WaitGroup();
        Await.assertNotBlocks("await on a zero group", wg::await);
        assertTrue(wg.await(Duration.ZERO));
    }

    @Test
    void manyWaitersAreReleasedAndTheGroupIsReusable() throws Exception {
        WaitGroup wg = new WaitGroup();
        for (int round = 0; round < 3; round++) {
            wg.add(1);
            try (Workers w = new Workers()) {
                for (int i = 0; i < 20; i++) {
                    Thread t = i % 4 == 0 ? w.platform(wg::await) : w.virtual(wg::await);
                    Await.parked(t);
                }
                wg.done();
                w.join(Await.PATIENCE);
            }
        }
    }

    @Test
    void awaitIsInterruptible() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Await.assertBlocks("await with a pending task", wg::await);
        wg.done();
    }

    @Test
    void goStartsAVirtualThread() throws Exception {
        Channel<Boolean> isVirtual = Channel.buffered(1);
        Thread t = Go.go(() -> isVirtual.trySend(Thread.currentThread().isVirtual()));
        assertTrue(t.isVirtual());
        assertTrue(Await.recv(isVirtual));
        Await.join(t);
    }
}
