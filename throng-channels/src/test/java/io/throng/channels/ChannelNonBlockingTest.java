package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * trySend and tryReceive: they succeed exactly when the blocking form would not have to wait — room in
 * the buffer, or a partner already waiting (on an unbuffered channel too) — and fail otherwise
 * without side effects; they work the same on an interrupted thread, leaving the interrupt status set.
 * Also iteration until closed, and the rejection of null values.
 */
class ChannelNonBlockingTest {

    @Test
    void trySendAndTryReceiveFollowTheBuffer() {
        Channel<Integer> c = Channel.buffered(2);
        assertTrue(c.trySend(1));
        assertTrue(c.trySend(2));
        assertFalse(c.trySend(3));
        Await.assertValue(1, c.tryReceive());
        assertTrue(c.trySend(3));
        Await.assertValue(2, c.tryReceive());
        Await.assertValue(3, c.tryReceive());
        assertEquals(Received.empty(), c.tryReceive());
    }

    @Test
    void aLargeBufferGrowsOnDemandYetHoldsExactlyItsCapacityInOrder() {
        // 100 is not a power of two and exceeds the initial ring, so the ring grows (while wrapped
        // around) and its last growth stops at the capacity.
        Channel<Integer> c = Channel.buffered(100);
        int next = 0;
        int expected = 0;
        for (int i = 0; i < 10; i++) {
            assertTrue(c.trySend(next++));
        }
        for (int i = 0; i < 7; i++) {
            Await.assertValue(expected++, c.tryReceive());
        }
        while (c.trySend(next)) {
            next++;
        }
        assertEquals(100, next - expected, "holds exactly its capacity");
        while (expected < next) {
            Await.assertValue(expected++, c.tryReceive());
        }
        assertEquals(Received.empty(), c.tryReceive());
    }

    @Test
    void unbufferedTryOperationsMeetWaitingPartners() throws Exception {
        Channel<Integer> c = Channel.unbuffered();
        assertFalse(c.trySend(1), "nobody is receiving");
        assertEquals(Received.empty(), c.tryReceive(), "nobody is sending");
        try (Workers w = new Workers()) {
            Thread receiver = w.virtual(() -> Await.assertValue(1, c.receive()));
            Await.parked(receiver);
            assertTrue(c.trySend(1));
            Thread sender = w.virtual(() -> c.send(2));
            Await.parked(sender);
            Await.assertValue(2, c.tryReceive());
            w.join(Await.PATIENCE);
        }
    }

    @Test
    void unboundedTrySendAlwaysSucceeds() {
        Channel<Integer> c = Channel.unbounded();
        assertEquals(Channel.UNBOUNDED, c.capacity());
        for (int i = 0; i < 100_000; i++) {
            assertTrue(c.trySend(i));
        }
        for (int i = 0; i < 100_000; i++) {
            Await.assertValue(i, c.tryReceive());
        }
    }

    @Test
    void readyOperationsCompleteOnAnInterruptedThread() throws Exception {
        Channel<Integer> c = Channel.buffered(1);
        Thread.currentThread().interrupt();
        try {
            assertTrue(c.trySend(1));
            Await.assertValue(1, c.tryReceive());
            c.send(2); // room: completes although interrupted
            Await.assertValue(2, c.receive());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status must be kept");
            assertThrows(InterruptedException.class, c::receive, "an operation that must wait sees the interrupt");
            assertFalse(Thread.currentThread().isInterrupted(), "and clears it, like any InterruptedException");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void nullValuesAreRejected() {
        Channel<Integer> c = Channel.buffered(1);
        assertThrows(NullPointerException.class, () -> c.send(null));
        assertThrows(NullPointerException.class, () -> c.trySend(null));
        assertThrows(NullPointerException.class, () -> c.onSend(null, () -> 0));
        assertEquals(Received.empty(), c.tryReceive(), "a rejected null must not enter the channel");
    }

    @Test
    void iterationReceivesUntilClosed() throws Exception {
        Channel<Integer> c = Channel.buffered(3);
        List<Integer> got = new ArrayList<>();
        try (Workers w = new Workers()) {
            w.virtual(() -> {
                for (int i = 0; i < 1_000; i++) {
                    Await.send(c, i);
                }
                c.close();
            });
            for (int v : c) {
                got.add(v);
            }
            w.join(Await.PATIENCE);
        }
        assertEquals(1_000, got.size());
        for (int i = 0; i < 1_000; i++) {
            assertEquals(i, got.get(i));
        }
        var it = c.iterator();
        assertFalse(it.hasNext());
        assertThrows(java.util.NoSuchElementException.class, it::next);
    }

    @Test
    void iteratorHasNextIsIdempotent() throws Exception {
        Channel<Integer> c = Channel.buffered(2);
        c.trySend(1);
        c.trySend(2);
        c.close();
        var it = c.iterator();
        assertTrue(it.hasNext());
        assertTrue(it.hasNext()); // must not consume a second value
        assertEquals(1, it.next());
        assertEquals(2, it.next());
        assertFalse(it.hasNext());
    }

    @Test
    void interruptedIterationKeepsTheStatus() throws Exception {
        Channel<Integer> c = Channel.unbuffered();
        try (Workers w = new Workers()) {
            Thread t = w.virtual(() -> {
                try {
                    c.iterator().hasNext();
                    throw new AssertionError("hasNext returned on an open, empty channel");
                } catch (java.util.concurrent.CancellationException e) {
                    assertTrue(Thread.currentThread().isInterrupted());
                }
            });
            Await.parked(t);
            t.interrupt();
            w.join(Await.PATIENCE);
        }
        assertFalse(c.trySend(1), "the interrupted iterator left a receiver behind");
    }
}
