package io.throng.channels;

import static io.throng.channels.Await.assertBlocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The nil channel: never ready. Blocking operations wait until interrupted (or their timeout), the
 * non-blocking ones never succeed, a select never chooses it, and closing it is an error. The Go idiom
 * it exists for is also checked: switching a select case off by replacing its channel with nil, here
 * to merge two streams that end at different times.
 */
class NilChannelTest {
    private final Channel<Integer> nil = Channel.nil();

    @Test
    void blocksUntilInterrupted() throws Exception {
        assertEquals(-1, nil.capacity());
        assertBlocks("send", () -> nil.send(1));
        assertBlocks("receive", nil::receive);
        assertBlocks("select", () -> Select.select(nil.onReceive(v -> v), nil.onSend(1, () -> 0)));
    }

    @Test
    void timedOperationsTimeOut() throws Exception {
        assertFalse(nil.send(1, Duration.ofMillis(20)));
        assertEquals(Received.empty(), nil.receive(Duration.ofMillis(20)));
    }

    @Test
    void nonBlockingOperationsNeverSucceed() {
        assertFalse(nil.trySend(1));
        assertEquals(Received.empty(), nil.tryReceive());
        assertThrows(ChannelClosedException.class, nil::close);
        assertFalse(nil.trySend(1), "still the nil channel after a failed close");
    }

    @Test
    void neverChosenInSelect() throws Exception {
        Channel<Integer> ready = Channel.buffered(1);
        for (int i = 0; i < 1_000; i++) {
            ready.trySend(i);
            assertEquals(i, (int) Select.select(nil.onReceive(v -> fail()), ready.onReceive(v -> v),
                    nil.onSend(i, () -> fail())));
        }
    }

    @Test
    void nilDisablesACaseToMergeStreamsOfDifferentLength() throws Exception {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> b = Channel.unbuffered();
        try (Workers w = new Workers()) {
            w.virtual(() -> {
                for (int i = 0; i < 10; i++) {
                    Await.send(a, 1);
                }
                a.close();
            });
            w.virtual(() -> {
                for (int i = 0; i < 1_000; i++) {
                    Await.send(b, 1_000);
                }
                b.close();
            });
            Channel<Integer> x = a;
            Channel<Integer> y = b;
            long sum = 0;
            int open = 2;
            while (open > 0) {
                Tagged t = Select.select(x.onReceiveOrClosed(r -> new Tagged(0, r)),
                        y.onReceiveOrClosed(r -> new Tagged(1, r)),
                        Select.onTimeout(Await.PATIENCE, () -> fail("merge stalled")));
                if (t.received() instanceof Received.Value<Integer>(Integer v)) {
                    sum += v;
                } else {
                    open--;
                    if (t.from() == 0) {
                        x = Channel.nil(); // a closed channel is always ready: switch its case off
                    } else {
                        y = Channel.nil();
                    }
                }
            }
            assertEquals(10 + 1_000_000, sum);
            w.join(Await.PATIENCE);
        }
        assertTrue(a.isClosed() && b.isClosed());
    }

    record Tagged(int from, Received<Integer> received) {}
}
