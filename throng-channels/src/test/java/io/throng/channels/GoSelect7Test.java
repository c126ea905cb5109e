package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/select7.go}: every way of sending (a plain send, or a select with
 * one, two or three cases of which only one is on the shared channel) must meet every way of
 * receiving (the same four forms), on an unbuffered channel. Go lets the receiver block first; here
 * each pair runs twice, once with the receiver parked first and once with the sender parked first, so
 * both the waker and the waiting side of each form are exercised. The extra cases are on idle
 * channels, on the nil channel, and a timeout far in the future.
 */
class GoSelect7Test {

    @FunctionalInterface
    interface Form {
        void run(Channel<Integer> c) throws Exception;
    }

    private static final Channel<Integer> NIL = Channel.nil();

    private static final List<Form> SENDS = List.of(
            c -> c.send(1),
            c -> Select.select(c.onSend(1, () -> null)),
            c -> Select.select(c.onSend(1, () -> null), Channel.<Integer>unbuffered().onSend(2, () -> fail())),
            c -> Select.select(Channel.<Integer>unbuffered().onSend(2, () -> fail()), NIL.onReceive(v -> fail()),
                    c.onSend(1, () -> null)),
            c -> Select.select(c.onSend(1, () -> null), Select.onTimeout(Duration.ofMinutes(1), () -> fail())));

    private static final List<Form> RECEIVES = List.of(
            c -> assertEquals(1, c.take()),
            c -> assertEquals(1, (int) Select.select(c.onReceive(v -> v))),
            c -> assertEquals(1, (int) Select.select(Channel.<Integer>unbuffered().onReceive(v -> fail()),
                    c.onReceive(v -> v))),
            c -> assertEquals(1, (int) Select.select(c.onReceive(v -> v), NIL.onSend(3, () -> fail()),
                    Channel.<Integer>unbuffered().onReceive(v -> fail()))),
            c -> assertEquals(1, (int) Select.select(Select.onTimeout(Duration.ofMinutes(1), () -> fail()),
                    c.onReceive(v -> v))));

    @Test
    void everySendFormMeetsEveryReceiveForm() throws Exception {
        AtomicInteger pairs = new AtomicInteger();
        for (Form send : SENDS) {
            for (Form receive : RECEIVES) {
                for (boolean receiverFirst : new boolean[] {true, false}) {
                    Channel<Integer> c = Channel.unbuffered();
                    try (Workers w = new Workers()) {
                        Thread first = w.virtual(() -> (receiverFirst ? receive : send).run(c));
                        Await.parked(first);
                        w.virtual(() -> (receiverFirst ? send : receive).run(c));
                        w.join(Await.PATIENCE);
                    }
                    pairs.incrementAndGet();
                }
            }
        }
        assertEquals(SENDS.size() * RECEIVES.size() * 2, pairs.get());
    }
}
