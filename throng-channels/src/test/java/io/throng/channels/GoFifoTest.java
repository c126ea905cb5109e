package io.throng.channels;

import static io.throng.channels.Await.recv;
import static io.throng.channels.Await.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/fifo.go}: a buffered channel returns values in the order they were
 * sent, and so does an unbuffered one read by a daisy chain of threads, each of which waits for its
 * turn (a token from its predecessor), receives one value, checks it is the one whose position matches
 * its own, and passes the token on. Added here: the FIFO order of the wait queues themselves — parties
 * that block one after another on a channel are served in that order, as Go's {@code recvq}/{@code
 * sendq} are, including when a buffered channel moves a waiting sender's value into the buffer.
 */
class GoFifoTest {
    private static final int N = 10;

    @Test
    void bufferedIsFifo() throws Exception {
        Channel<Integer> ch = Channel.buffered(N);
        for (int i = 0; i < N; i++) {
            assertTrue(ch.trySend(i), "buffered send with room must not block");
        }
        for (int i = 0; i < N; i++) {
            assertEquals(i, recv(ch));
        }
    }

    @Test
    void bufferedIsFifoAcrossWrapAround() throws Exception {
        Channel<Integer> ch = Channel.buffered(7);
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 100; round++) {
            // Fill to a varying level, then drain a varying amount: head and tail wrap many times.
            for (int i = 0; i < 1 + round % 7 && next - expected < 7; i++) {
                assertTrue(ch.trySend(next++));
            }
            if (next - expected == 7) {
                assertFalse(ch.trySend(-1), "a full buffer must refuse a non-blocking send");
            }
            for (int i = 0; i < 1 + (round * 3) % 5 && expected < next; i++) {
                assertEquals(expected++, recv(ch));
            }
        }
        while (expected < next) {
            assertEquals(expected++, recv(ch));
        }
        assertEquals(Received.empty(), ch.tryReceive());
    }

    @Test
    void unboundedIsFifoWhileGrowing() throws Exception {
        Channel<Integer> ch = Channel.unbounded();
        // Leave the ring's head mid-array before it grows, so growth must unwrap it.
        for (int i = 0; i < 10; i++) {
            assertTrue(ch.trySend(-1));
            recv(ch);
        }
        for (int i = 0; i < 100_000; i++) {
            assertTrue(ch.trySend(i));
        }
        for (int i = 0; i < 100_000; i++) {
            assertEquals(i, recv(ch));
        }
    }

    @Test
    void unbufferedDaisyChain() throws Exception {
        for (int n : new int[] {N, 1_000}) {
            Channel<Integer> ch = Channel.unbuffered();
            try (Workers w = new Workers()) {
                Channel<Boolean> start = Channel.unbuffered();
                Channel<Boolean> in = start;
                for (int i = 0; i < n; i++) {
                    Channel<Boolean> myIn = in;
                    Channel<Boolean> out = Channel.unbuffered();
                    int position = i;
                    w.virtual(() -> {
                        recv(myIn);
                        assertEquals(position, recv(ch), "values out of order");
                        send(out, true);
                    });
                    in = out;
                }
                send(start, true);
                for (int i = 0; i < n; i++) {
                    send(ch, i);
                }
                recv(in);
                w.join(Await.PATIENCE);
            }
        }
    }

    @Test
    void blockedReceiversAreServedInArrivalOrder() throws Exception {
        for (Channel<Integer> ch : List.of(Channel.<Integer>unbuffered(), Channel.<Integer>buffered(3))) {
            AtomicIntegerArray got = new AtomicIntegerArray(20);
            try (Workers w = new Workers()) {
                for (int i = 0; i < 20; i++) {
                    int me = i;
                    // Each receiver is parked before the next starts, which fixes the queue order.
                    Thread t = w.virtual(() -> got.set(me, recv(ch)));
                    Await.parked(t);
                }
                for (int i = 0; i < 20; i++) {
                    send(ch, i);
                }
                w.join(Await.PATIENCE);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(i, got.get(i), "receiver " + i + " must get the " + i + "-th value on " + ch);
            }
        }
    }

    @Test
    void blockedSendersAreServedInArrivalOrder() throws Exception {
        for (int capacity : new int[] {0, 1, 4}) {
            Channel<Integer> ch = Channel.buffered(capacity);
            for (int i = 0; i < capacity; i++) {
                assertTrue(ch.trySend(i));
            }
            try (Workers w = new Workers()) {
                for (int i = capacity; i < capacity + 20; i++) {
                    int v = i;
                    Thread t = w.virtual(() -> send(ch, v));
                    Await.parked(t);
                }
                for (int i = 0; i < capacity + 20; i++) {
                    assertEquals(i, recv(ch), "capacity " + capacity);
                }
                w.join(Await.PATIENCE);
            }
            assertEquals(Received.empty(), ch.tryReceive());
        }
    }
}
