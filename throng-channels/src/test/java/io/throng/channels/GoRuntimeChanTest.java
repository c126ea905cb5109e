package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the race tests of Go's {@code runtime/chan_test.go} that the {@code test/chan} programs
 * do not cover:
 * <ul>
 *   <li>{@code TestNonblockRecvRace}: a select with a default, on a channel that holds a value, must
 *       take the value even while another thread closes the channel — the default is never right.
 *   <li>{@code TestNonblockSelectRace}: two channels, one holding a value, the other being filled at
 *       the same moment: a select with a default over both must not take the default.
 *   <li>{@code TestSelfSelect}: several threads each select over sending and receiving on one shared
 *       channel; on an unbuffered channel no select may receive its own value.
 *   <li>{@code TestSelectDuplicateChannel}: the same channel twice in one select, left waiting, then
 *       completed through a third case; the duplicate must not corrupt the channel's queue.
 *   <li>{@code TestMultiConsumer}: 23 consumers, 271,828 items through a buffered channel, closed by
 *       the feeder; the sum and the count must match.
 * </ul>
 */
class GoRuntimeChanTest {

    @Test
    void nonblockReceiveRacingWithClose() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            Channel<Integer> c = Channel.buffered(1);
            assertTrue(c.trySend(1));
            try (Workers w = new Workers()) {
                w.virtual(() -> assertEquals("value", Select.select(
                        c.onReceiveOrClosed(r -> r.hasValue() ? "value" : "closed"),
                        Select.onDefault(() -> "default")), "the channel was ready"));
                c.close();
                w.join(Await.PATIENCE);
            }
        }
    }

    @Test
    void nonblockSelectRacingWithSend() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            Channel<Integer> c1 = Channel.buffered(1);
            Channel<Integer> c2 = Channel.buffered(1);
            assertTrue(c1.trySend(1));
            try (Workers w = new Workers()) {
                w.virtual(() -> assertNotEquals("default", Select.select(
                        c1.onReceive(v -> "c1"), c2.onReceive(v -> "c2"), Select.onDefault(() -> "default"))));
                assertTrue(c2.trySend(1));
                w.join(Await.PATIENCE);
            }
        }
    }

    @Test
    void selfSelect() throws Exception {
        for (int capacity : new int[] {0, 10}) {
            Channel<Integer> c = Channel.buffered(capacity);
            try (Workers w = new Workers()) {
                for (int p = 0; p < 2; p++) {
                    int me = p;
                    w.virtual(() -> {
                        for (int i = 0; i < 5_000; i++) {
                            Integer got = Select.select(c.onSend(me, () -> null), c.onReceive(v -> v),
                                    Select.onTimeout(Duration.ofMillis(10), () -> null)); // the last one may wait alone
                            if (capacity == 0 && got != null) {
                                assertNotEquals(me, (int) got, "a select received its own value");
                            }
                        }
                    });
                }
                w.join(Await.PATIENCE);
            }
        }
    }

    @Test
    void duplicateChannelInOneSelect() throws Exception {
        for (int i = 0; i < 200; i++) {
            Channel<Integer> c = Channel.unbuffered();
            Channel<Integer> d = Channel.unbuffered();
            try (Workers w = new Workers()) {
                Thread t = w.virtual(() -> assertEquals("d", Select.select(
                        c.onReceive(v -> "c1"), c.onReceive(v -> "c2"), d.onReceive(v -> "d"))));
                Await.parked(t);
                Await.send(d, 1);
                w.join(Await.PATIENCE);
            }
            // c's queue must be clean: a new receiver and sender meet normally.
            try (Workers w = new Workers()) {
                Thread t = w.virtual(() -> Await.assertValue(7, c.receive(Await.PATIENCE)));
                Await.parked(t);
                assertTrue(c.trySend(7), "the duplicate left c's queue corrupt");
                w.join(Await.PATIENCE);
            }
        }
    }

    @Test
    void multiConsumer() throws Exception {
        int workers = 23;
        int items = 271_828;
        Channel<Integer> q = Channel.buffered(workers * 2);
        Channel<Long> results = Channel.buffered(workers);
        AtomicLong expected = new AtomicLong();
        try (Workers w = new Workers()) {
            for (int i = 0; i < workers; i++) {
                w.virtual(() -> {
                    long n = 0;
                    long s = 0;
                    for (int v : q) {
                        n++;
                        s += v;
                    }
                    Await.send(results, n << 40 | s);
                });
            }
            w.virtual(() -> {
                for (int i = 0; i < items; i++) {
                    int v = (i * 7919) % 1_000_003;
                    expected.addAndGet(v);
                    Await.send(q, v);
                }
                q.close();
            });
            long count = 0;
            long sum = 0;
            for (int i = 0; i < workers; i++) {
                long r = Await.recv(results);
                count += r >>> 40;
                sum += r & ((1L << 40) - 1);
            }
            w.join(Await.PATIENCE);
            assertEquals(items, count);
            assertEquals(expected.get(), sum);
        }
    }
}
