package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The two places where a buffered channel must find a waiting party, by the package invariant
 * (senders wait only on a full buffer, receivers only on an empty one): the receive that frees a slot
 * of a full buffer, and the send into an empty one. Code that looks for waiters only there (as
 * bench/channels-parallel.patch does) must still pass these.
 */
class BufferedWaitersTest {
    @Test
    void aReceiveFromAFullBufferCompletesTheWaitingSend() throws Exception {
        Channel<Integer> ch = Channel.buffered(2);
        ch.send(1);
        ch.send(2);
        Thread sender = Go.go(() -> {
            try {
                ch.send(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Await.parked(sender);

        assertEquals(1, Await.recv(ch));
        // The freed slot takes the waiting value at once: the send returns with no further receive.
        assertTrue(sender.join(Await.PATIENCE), "the waiting send did not complete when a slot freed");
        assertFalse(ch.trySend(4), "the buffer should be full again, with the sender's value last");
        assertEquals(2, Await.recv(ch));
        assertEquals(3, Await.recv(ch));
    }

    @Test
    void aSendIntoAnEmptyBufferGoesToTheWaitingReceiver() throws Exception {
        Channel<Integer> ch = Channel.buffered(2);
        var got = new java.util.concurrent.atomic.AtomicInteger();
        Thread receiver = Go.go(() -> {
            try {
                got.set(ch.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Await.parked(receiver);

        ch.send(7);
        assertTrue(receiver.join(Await.PATIENCE), "the waiting receive did not get the value sent");
        assertEquals(7, got.get());
        assertTrue(ch.trySend(8) && ch.trySend(9), "the value went to the receiver, not into the buffer");
        assertFalse(ch.trySend(10));
    }
}
