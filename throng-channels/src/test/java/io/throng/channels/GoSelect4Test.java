package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/select4.go}: in {@code case *f() = <-c1:} the left-hand side is
 * evaluated only if that case is chosen. In Throng what a case does with its value is its body, so the
 * rule is: only the chosen case's body runs, exactly once, with the value received; the bodies of the
 * other cases never run. Also checked: the body runs after the select has released every channel
 * lock, so it may itself use the same channels (a body run under a spin lock would deadlock here).
 */
class GoSelect4Test {

    @Test
    void onlyTheChosenBodyRuns() throws Exception {
        Channel<Integer> c1 = Channel.buffered(1);
        Channel<Integer> c2 = Channel.buffered(1);
        AtomicInteger evaluated = new AtomicInteger();
        int[] target = new int[1];
        assertTrue(c1.trySend(42));
        Select.select(
                c1.onReceive(v -> {
                    evaluated.incrementAndGet();
                    target[0] = v;
                    return null;
                }),
                c2.onReceive(v -> fail("the unchosen case's body ran")));
        assertEquals(1, evaluated.get());
        assertEquals(42, target[0]);
    }

    @Test
    void bodiesOfUnchosenCasesNeverRunOverManySelects() throws Exception {
        // Each select has one ready case among several; which one varies. Count body runs per case.
        List<Channel<Integer>> chans = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            chans.add(Channel.buffered(1));
        }
        int[] ran = new int[5];
        for (int round = 0; round < 1_000; round++) {
            int ready = round % 5;
            assertTrue(chans.get(ready).trySend(round));
            List<Case<Integer>> cases = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int me = i;
                cases.add(chans.get(i).onReceive(v -> {
                    ran[me]++;
                    return v;
                }));
            }
            assertEquals(round, Select.select(cases));
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(200, ran[i], "case " + i);
        }
    }

    @Test
    void bodyRunsWithoutChannelLocksHeld() throws Exception {
        Channel<Integer> c = Channel.buffered(1);
        Channel<Integer> other = Channel.buffered(1);
        assertTrue(c.trySend(1));
        Await.assertNotBlocks("a body that uses the select's own channels", () -> {
            int got = Select.select(
                    c.onReceive(v -> {
                        assertTrue(c.trySend(v + 1), "body could not send on the channel it received from");
                        assertTrue(other.trySend(v + 2));
                        return v;
                    }),
                    other.onReceive(v -> fail("not ready")));
            assertEquals(1, got);
        });
        Await.assertValue(2, c.tryReceive());
        Await.assertValue(3, other.tryReceive());
        Await.assertNotBlocks("a send body that receives from its channel", () -> {
            String r = Select.select(c.onSend(9, () -> "sent " + c.tryReceive()));
            assertEquals("sent " + new Received.Value<>(9), r);
        });
    }
}
