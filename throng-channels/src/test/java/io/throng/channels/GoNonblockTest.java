package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/nonblock.go}: non-blocking send and receive on unbuffered and
 * one-slot channels of several element types. An empty channel never yields a value to a non-blocking
 * receive; a non-blocking send succeeds, after some retries, once a receiver is waiting (unbuffered) or
 * at once (buffered with room); a non-blocking receive gets the value of a sender that is waiting or
 * has filled the buffer. Each step is checked twice: with {@code trySend}/{@code tryReceive}, and with a
 * select that has a default case (Go's only form). Retries are bounded by a deadline, as Go's are by a
 * try count.
 */
class GoNonblockTest {

    record Kind<T>(String name, T sent, T answered) {}

    private static final List<Kind<?>> KINDS = List.of(
            new Kind<>("int", 123, 234),
            new Kind<>("long", 123L, 234L),
            new Kind<>("boolean", true, false),
            new Kind<>("string", "hello", "hello again"));

    @Test
    void withTryOperations() throws Exception {
        for (Kind<?> k : KINDS) {
            check(k, false);
        }
    }

    @Test
    void withSelectAndDefault() throws Exception {
        for (Kind<?> k : KINDS) {
            check(k, true);
        }
    }

    private static <T> void check(Kind<T> k, boolean viaSelect) throws Exception {
        for (int capacity = 0; capacity < 2; capacity++) {
            String where = k.name() + ", capacity " + capacity + (viaSelect ? ", select" : ", try");
            Channel<T> c = Channel.buffered(capacity);

            assertFalse(tryReceive(c, viaSelect).hasValue(), where + ": empty channel yielded a value");

            try (Workers w = new Workers()) {
                // A receiver appears; a non-blocking send eventually gets through to it.
                w.virtual(() -> assertEquals(k.sent(), Await.recv(c), where));
                retry(where + ": non-blocking send never succeeded", () -> trySend(c, k.sent(), viaSelect));
                w.join(Await.PATIENCE);
            }
            try (Workers w = new Workers()) {
                // A sender appears; a non-blocking receive eventually gets its value.
                Thread sender = w.virtual(() -> Await.send(c, k.answered()));
                if (capacity > 0) {
                    Await.join(sender); // its value is in the buffer now
                }
                Received<T> got = retryReceive(where, c, viaSelect);
                assertEquals(new Received.Value<>(k.answered()), got, where);
                w.join(Await.PATIENCE);
            }
            assertFalse(tryReceive(c, viaSelect).hasValue(), where + ": drained channel yielded a value");
        }
    }

    private static <T> boolean trySend(Channel<T> c, T v, boolean viaSelect) throws InterruptedException {
        if (!viaSelect) {
            return c.trySend(v);
        }
        return Select.select(c.onSend(v, () -> true), Select.onDefault(() -> false));
    }

    private static <T> Received<T> tryReceive(Channel<T> c, boolean viaSelect) throws InterruptedException {
        if (!viaSelect) {
            return c.tryReceive();
        }
        return Select.select(c.onReceiveOrClosed(r -> r), Select.onDefault(Received::<T>empty));
    }

    private static <T> Received<T> retryReceive(String where, Channel<T> c, boolean viaSelect) throws Exception {
        long deadline = System.nanoTime() + Await.PATIENCE.toNanos();
        while (true) {
            Received<T> r = tryReceive(c, viaSelect);
            if (!(r instanceof Received.Empty)) {
                return r;
            }
            if (System.nanoTime() - deadline > 0) {
                fail(where + ": non-blocking receive never succeeded");
            }
            Thread.yield();
        }
    }

    @FunctionalInterface
    interface Attempt {
        boolean run() throws Exception;
    }

    private static void retry(String failure, Attempt attempt) throws Exception {
        long deadline = System.nanoTime() + Await.PATIENCE.toNanos();
        while (!attempt.run()) {
            if (System.nanoTime() - deadline > 0) {
                fail(failure);
            }
            Thread.yield();
        }
    }

    @Test
    void nonBlockingOperationsNeverBlock() throws Exception {
        // The other half of the rule: with nobody on the other side they fail at once, every time.
        Channel<Integer> unbuffered = Channel.unbuffered();
        Channel<Integer> full = Channel.buffered(1);
        assertTrue(full.trySend(1));
        Await.assertNotBlocks("non-blocking operations on unready channels", () -> {
            for (int i = 0; i < 10_000; i++) {
                assertFalse(unbuffered.trySend(i));
                assertFalse(full.trySend(i));
                assertEquals(Received.empty(), unbuffered.tryReceive());
                assertFalse(trySend(unbuffered, i, true));
                assertEquals(Received.empty(), tryReceive(unbuffered, true));
            }
        });
        assertEquals(new Received.Value<>(1), full.tryReceive());
    }
}
