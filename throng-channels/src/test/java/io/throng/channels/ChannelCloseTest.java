package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Close semantics: receivers drain what is buffered, then see Closed, forever; a send on a closed
 * channel throws, in every form; closing twice throws; close wakes every blocked receiver (with
 * Closed) and every blocked sender (with ChannelClosedException), including ones blocked in a select.
 */
class ChannelCloseTest {

    private static List<Channel<Integer>> kinds() {
        return List.of(Channel.unbuffered(), Channel.buffered(1), Channel.buffered(5), Channel.unbounded());
    }

    @Test
    void receiversDrainThenSeeClosed() throws Exception {
        for (int capacity : new int[] {1, 5, Channel.UNBOUNDED}) {
            Channel<Integer> c = Channel.buffered(capacity);
            int n = Math.min(capacity, 5);
            for (int i = 0; i < n; i++) {
                assertTrue(c.trySend(i));
            }
            c.close();
            assertTrue(c.isClosed());
            for (int i = 0; i < n; i++) {
                Await.assertValue(i, c.receive()); // buffered values survive the close
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(Received.closed(), c.receive());
                assertEquals(Received.closed(), c.tryReceive());
                assertEquals(Received.closed(), c.receive(Duration.ofSeconds(5)));
            }
            assertThrows(ChannelClosedException.class, c::take);
        }
    }

    @Test
    void closedIsDistinctFromEmptyAndFromValues() throws Exception {
        Channel<Integer> c = Channel.buffered(1);
        assertInstanceOf(Received.Empty.class, c.tryReceive());
        assertFalse(c.tryReceive().hasValue());
        c.close();
        Received<Integer> r = c.tryReceive();
        assertInstanceOf(Received.Closed.class, r);
        assertFalse(r.hasValue());
        assertThrows(ChannelClosedException.class, r::orElseThrow);
        assertThrows(java.util.NoSuchElementException.class, () -> Received.<Integer>empty().orElseThrow());
    }

    @Test
    void sendOnClosedThrows() throws Exception {
        for (Channel<Integer> c : kinds()) {
            c.close();
            assertThrows(ChannelClosedException.class, () -> c.send(1), c.toString());
            assertThrows(ChannelClosedException.class, () -> c.send(1, Duration.ZERO), c.toString());
            assertThrows(ChannelClosedException.class, () -> c.trySend(1), c.toString());
            assertThrows(ChannelClosedException.class, () -> Select.select(c.onSend(1, () -> 0)), c.toString());
        }
    }

    @Test
    void closeTwiceThrows() {
        for (Channel<Integer> c : kinds()) {
            c.close();
            assertThrows(ChannelClosedException.class, c::close, c.toString());
            assertTrue(c.isClosed());
        }
        assertThrows(ChannelClosedException.class, () -> Channel.nil().close(), "close of nil channel");
    }

    @Test
    void closeWakesBlockedReceivers() throws Exception {
        for (Channel<Integer> c : kinds()) {
            try (Workers w = new Workers()) {
                for (int i = 0; i < 50; i++) {
                    Thread t = i % 2 == 0
                            ? w.virtual(() -> assertEquals(Received.closed(), c.receive()))
                            : w.platform(() -> assertEquals(Received.closed(), c.receive()));
                    Await.parked(t);
                }
                Thread s = w.virtual(() -> assertEquals("closed",
                        Select.select(c.onReceiveOrClosed(r -> r instanceof Received.Closed ? "closed" : "value"),
                                Channel.<Integer>unbuffered().onReceive(v -> "other"))));
                Await.parked(s);
                Thread it = w.virtual(() -> {
                    for (int v : c) {
                        throw new AssertionError("got " + v);
                    }
                });
                Await.parked(it);
                c.close();
                w.join(Await.PATIENCE);
            }
        }
    }

    @Test
    void closeWakesBlockedSendersWithTheException() throws Exception {
        for (Channel<Integer> c : List.of(Channel.<Integer>unbuffered(), Channel.<Integer>buffered(2))) {
            while (c.capacity() > 0 && c.trySend(-1)) {
                // fill the buffer so that senders block
            }
            try (Workers w = new Workers()) {
                for (int i = 0; i < 50; i++) {
                    int v = i;
                    Thread t = i % 2 == 0
                            ? w.virtual(() -> assertThrows(ChannelClosedException.class, () -> c.send(v)))
                            : w.platform(() -> assertThrows(ChannelClosedException.class,
                                    () -> c.send(v, Duration.ofMinutes(1))));
                    Await.parked(t);
                }
                Thread s = w.virtual(() -> assertThrows(ChannelClosedException.class,
                        () -> Select.select(c.onSend(99, () -> "sent"), Channel.<Integer>unbuffered().onReceive(v -> "x"))));
                Await.parked(s);
                c.close();
                w.join(Await.PATIENCE);
            }
            // The buffered values sent before the close are still there; nothing from the failed senders.
            for (int i = 0; i < c.capacity(); i++) {
                Await.assertValue(-1, c.receive());
            }
            assertEquals(Received.closed(), c.receive());
        }
    }

    @Test
    void closeDuringTimedReceiveReturnsClosedNotEmpty() throws Exception {
        Channel<Integer> c = Channel.unbuffered();
        AtomicReference<Received<Integer>> got = new AtomicReference<>();
        try (Workers w = new Workers()) {
            Thread t = w.virtual(() -> got.set(c.receive(Duration.ofMinutes(1))));
            Await.parked(t);
            c.close();
            w.join(Await.PATIENCE);
        }
        assertEquals(Received.closed(), got.get());
    }
}
