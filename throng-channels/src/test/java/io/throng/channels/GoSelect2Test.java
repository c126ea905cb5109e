package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/select2.go}: a select loop must not leak. A receiver runs 100,000
 * selects over two channels, one fed by a sender and one never ready; each select that waits leaves a
 * node on the idle channel, and that node must be unlinked when the other case wins. Go checks that a
 * second round of 100,000 selects grows the heap by less than 110 KB; here the heap after a full GC
 * may grow by at most 2 MB (a leaked node and its waiter per select would be about 8 MB), and, looking
 * inside, the idle channel's wait queues must be empty.
 */
class GoSelect2Test {
    private static final int N = 100_000;

    @Test
    void selectLoopDoesNotLeak() throws Exception {
        Channel<Integer> c = Channel.unbuffered();
        Channel<Integer> dummy = Channel.unbuffered();

        round(c, dummy); // warm up: JIT, class loading, the timer and thread machinery
        long before = heapAfterGc();
        round(c, dummy);
        long after = heapAfterGc();

        assertTrue(dummy.receivers.isEmpty(), "the idle channel kept nodes of finished selects");
        assertTrue(c.receivers.isEmpty() && c.senders.isEmpty(), "the busy channel kept nodes");
        long growth = after - before;
        assertTrue(growth < 2 * 1024 * 1024, "heap grew by " + growth + " bytes over " + N + " selects");
    }

    private static void round(Channel<Integer> c, Channel<Integer> dummy) throws Exception {
        try (Workers w = new Workers()) {
            w.virtual(() -> {
                for (int i = 0; i < N; i++) {
                    Await.send(c, i);
                }
            });
            for (int i = 0; i < N; i++) {
                int got = Select.select(c.onReceive(v -> v), dummy.onReceive(v -> -1));
                assertEquals(i, got);
                assertIdle(dummy);
            }
            w.join(Await.PATIENCE);
        }
    }

    @Test
    void loserNodeIsUnlinkedWhenTheSelectHadToWait() throws Exception {
        // Force the waiting path every time: the sender only sends once the selecting thread is parked.
        Channel<Integer> c = Channel.unbuffered();
        Channel<Integer> dummy = Channel.unbuffered();
        try (Workers w = new Workers()) {
            Thread receiver = w.virtual(() -> {
                for (int i = 0; i < 1_000; i++) {
                    assertEquals(i, (int) Select.select(c.onReceive(v -> v), dummy.onReceive(v -> -1)));
                    assertIdle(dummy);
                }
            });
            for (int i = 0; i < 1_000; i++) {
                Await.parked(receiver);
                Await.send(c, i);
            }
            w.join(Await.PATIENCE);
        }
    }

    /** Under the channel's lock, as the queue requires: nobody waits on it, not even a dead node. */
    private static void assertIdle(Channel<?> ch) {
        ch.lock();
        boolean idle = ch.receivers.isEmpty() && ch.senders.isEmpty();
        ch.unlock();
        assertTrue(idle, "a finished select left a node on " + ch);
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Several collections: the smallest reading is the live set, free of floating garbage.
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
