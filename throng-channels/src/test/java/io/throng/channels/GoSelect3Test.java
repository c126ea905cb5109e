package io.throng.channels;

import static io.throng.channels.Await.assertBlocks;
import static io.throng.channels.Await.assertNotBlocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/select3.go}, the table of which operations block and which do
 * not. Go runs each operation in a goroutine and decides "blocks" by whether it finishes within a
 * moment; here an operation blocks if, run on a virtual thread, it parks, stays parked for 50 ms, and
 * then ends with InterruptedException when interrupted (Java's way out of a wait that Go would make
 * forever). "Does not block" means it finishes promptly, at once or after its partner acts.
 */
class GoSelect3Test {
    private final Channel<Integer> nil = Channel.nil();

    private static <T> T fails() {
        return fail("this case must not be chosen");
    }

    @Test
    void nilChannelBlocks() throws Exception {
        assertBlocks("send to nil channel", () -> nil.send(1));
        assertBlocks("receive from nil channel", () -> nil.receive());
        assertBlocks("take from nil channel", () -> nil.take());
        assertBlocks("iterating the nil channel", () -> {
            try {
                nil.iterator().hasNext();
            } catch (CancellationException e) { // how an iterator reports the interrupt
                assertTrue(Thread.interrupted(), "the interrupt status must be kept");
                throw new InterruptedException();
            }
        });
    }

    @Test
    void selectWithOnlyNilCasesBlocks() throws Exception {
        assertBlocks("select receiving from nil", () -> Select.select(nil.onReceive(v -> fails())));
        assertBlocks("select sending to nil", () -> Select.select(nil.onSend(1, () -> fails())));
        assertBlocks("select over several nil cases", () -> Select.select(
                nil.onReceive(v -> fails()), nil.onSend(1, () -> fails()), Channel.<String>nil().onReceive(v -> fails())));
    }

    @Test
    void emptySelectBlocks() throws Exception {
        assertBlocks("select with no cases", () -> Select.select());
    }

    @Test
    void nilCaseIsNeverChosen() throws Exception {
        Channel<Integer> ready = Channel.buffered(1);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(ready.trySend(i));
            int got = Select.select(nil.onReceive(v -> fails()), nil.onSend(7, () -> fails()), ready.onReceive(v -> v));
            assertEquals(i, got);
        }
        // ... not even over a default.
        for (int i = 0; i < 1_000; i++) {
            assertEquals("default", Select.select(nil.onReceive(v -> fails()), nil.onSend(7, () -> fails()),
                    Select.onDefault(() -> "default")));
        }
    }

    @Test
    void bufferedSendWithRoomDoesNotBlock() throws Exception {
        Channel<Integer> c = Channel.buffered(2);
        assertNotBlocks("send to buffered channel with room", () -> c.send(1));
        assertNotBlocks("select send to buffered channel with room",
                () -> assertEquals("sent", Select.select(c.onSend(2, () -> "sent"))));
        assertFalse(c.trySend(3), "now it is full");
        assertBlocks("send to full buffered channel", () -> c.send(3));
        assertBlocks("select send to full buffered channel", () -> Select.select(c.onSend(3, () -> fails())));
        Await.assertValue(1, c.tryReceive());
        Await.assertValue(2, c.tryReceive());
    }

    @Test
    void receiveFromClosedDoesNotBlock() throws Exception {
        Channel<Integer> c = Channel.unbuffered();
        c.close();
        assertNotBlocks("receive from closed channel", () -> {
            for (int i = 0; i < 3; i++) { // forever, not once
                assertEquals(Received.closed(), c.receive());
            }
        });
        assertNotBlocks("select receive from closed channel", () ->
                assertEquals(Received.closed(), Select.select(c.onReceiveOrClosed(r -> r))));
        assertNotBlocks("closed beats default", () ->
                assertEquals(Received.closed(), Select.select(
                        c.onReceiveOrClosed(r -> r), Select.onDefault(() -> fails()))));
        // onReceive is for values only: selecting it on a closed channel is an error, not a hang.
        assertThrows(ChannelClosedException.class, () -> Select.select(c.onReceive(v -> v)));
    }

    @Test
    void sendToClosedFails() throws Exception {
        Channel<Integer> c = Channel.buffered(1);
        c.close();
        assertThrows(ChannelClosedException.class, () -> c.send(1));
        assertThrows(ChannelClosedException.class, () -> c.send(1, Duration.ofSeconds(1)));
        assertThrows(ChannelClosedException.class, () -> c.trySend(1));
        assertThrows(ChannelClosedException.class, () -> Select.select(c.onSend(1, () -> fails())));
        assertThrows(ChannelClosedException.class,
                () -> Select.select(c.onSend(1, () -> fails()), Select.onDefault(() -> fails())),
                "a send to a closed channel is ready, so it beats the default and fails");
    }

    @Test
    void unreadyReceiveBlocks() throws Exception {
        Channel<Integer> unbuffered = Channel.unbuffered();
        Channel<Integer> buffered = Channel.buffered(1);
        assertBlocks("receive from empty unbuffered channel", () -> unbuffered.receive());
        assertBlocks("receive from empty buffered channel", () -> buffered.receive());
        assertBlocks("select receive from empty channels",
                () -> Select.select(unbuffered.onReceive(v -> fails()), buffered.onReceive(v -> fails())));
        assertBlocks("unbuffered send with no receiver", () -> unbuffered.send(1));
    }

    @Test
    void readyReceiveDoesNotBlock() throws Exception {
        Channel<Integer> c = Channel.buffered(1);
        assertTrue(c.trySend(5));
        assertNotBlocks("select receive with data", () -> assertEquals(5, (int) Select.select(c.onReceive(v -> v))));
        assertTrue(c.trySend(6));
        assertNotBlocks("receive with data", () -> Await.assertValue(6, c.receive()));
    }

    @Test
    void defaultNeverBlocks() throws Exception {
        Channel<Integer> c = Channel.unbuffered();
        assertNotBlocks("default alone", () -> assertEquals(1, (int) Select.select(Select.onDefault(() -> 1))));
        assertNotBlocks("default with unready and nil cases", () -> assertEquals(2, (int) Select.select(
                c.onReceive(v -> fails()), c.onSend(3, () -> fails()), nil.onReceive(v -> fails()),
                Select.onDefault(() -> 2))));
    }

    @Test
    void selectThatSeesItselfBlocks() throws Exception {
        // Send and receive on the same unbuffered channel in one select: it cannot meet itself.
        Channel<Integer> c = Channel.unbuffered();
        assertBlocks("select with send and receive on one channel",
                () -> Select.select(c.onSend(1, () -> fails()), c.onReceive(v -> fails())));
        assertNotBlocks("... and with a default it takes the default", () -> assertEquals("default",
                Select.select(c.onSend(1, () -> fails()), c.onReceive(v -> fails()), Select.onDefault(() -> "default"))));
    }

    @Test
    void selfSelectCompletesWithARealPartner() throws Exception {
        // The counterpart of the above: another thread can meet either of its cases.
        Channel<Integer> c = Channel.unbuffered();
        try (Workers w = new Workers()) {
            Thread selector = w.virtual(() -> assertEquals("sent", Select.select(
                    c.onSend(1, () -> "sent"), c.onReceive(v -> "received " + v))));
            Await.parked(selector);
            Await.assertValue(1, c.receive(Await.PATIENCE));
            w.join(Await.PATIENCE);
            Thread selector2 = w.virtual(() -> assertEquals("received 2", Select.select(
                    c.onSend(1, () -> "sent"), c.onReceive(v -> "received " + v))));
            Await.parked(selector2);
            Await.send(c, 2);
            w.join(Await.PATIENCE);
        }
    }

    @Test
    void timeoutCaseEndsABlockedSelect() throws Exception {
        Channel<Integer> c = Channel.unbuffered();
        assertNotBlocks("select with a timeout", () -> assertEquals("timeout", Select.select(
                c.onReceive(v -> fails()), nil.onSend(1, () -> fails()),
                Select.onTimeout(Duration.ofMillis(20), () -> "timeout"))));
        assertNotBlocks("only nil cases and a timeout", () -> assertEquals("timeout", Select.select(
                nil.onReceive(v -> fails()), Select.onTimeout(Duration.ofMillis(20), () -> "timeout"))));
    }
}
