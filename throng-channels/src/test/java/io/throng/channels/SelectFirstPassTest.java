package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The select's first pass, which tries each case under that channel's lock alone (only selects of
 * live channel cases take it; a default, a timeout or the nil channel send a select through the
 * all-locks pass). Hostile cases: a select must commit to exactly one case even when every case is
 * ready, and when senders, receivers and close race with it; the random order must be uniform also
 * when the ready cases sit next to each other (a rotating start would favour the first of them).
 */
class SelectFirstPassTest {
    private static final int CHANNELS = 4;

    @Test
    void everyCaseReadyTakesExactlyOneValue() throws Exception {
        List<Channel<Integer>> chs = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            Channel<Integer> c = Channel.buffered(10);
            for (int v = 0; v < 10; v++) {
                c.trySend(v);
            }
            chs.add(c);
        }
        for (int round = 1; round <= 20; round++) {
            Select.select(chs.get(0).onReceive(v -> v), chs.get(1).onReceive(v -> v),
                    chs.get(2).onReceive(v -> v), chs.get(3).onReceive(v -> v));
            assertEquals(4 * 10 - round, left(chs), "values left after " + round + " selects");
        }
    }

    @Test
    void everySendCaseReadySendsExactlyOnce() throws Exception {
        List<Channel<Integer>> chs = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            chs.add(Channel.buffered(100));
        }
        for (int round = 1; round <= 20; round++) {
            Select.select(chs.get(0).onSend(round, () -> 0), chs.get(1).onSend(round, () -> 1),
                    chs.get(2).onSend(round, () -> 2), chs.get(3).onSend(round, () -> 3));
            assertEquals(round, left(chs), "values buffered after " + round + " selects");
        }
    }

    /** Drains every channel without blocking and counts what was there. */
    private static int left(List<Channel<Integer>> chs) {
        int n = 0;
        for (Channel<Integer> c : chs) {
            List<Integer> back = new ArrayList<>();
            while (c.tryReceive() instanceof Received.Value<Integer>(Integer v)) {
                back.add(v);
                n++;
            }
            back.forEach(c::trySend); // put them back, in order
        }
        return n;
    }

    @Test
    void adjacentReadyCasesAreChosenEvenly() throws Exception {
        // Cases 1 and 2 of 4 are ready, 0 and 3 never are: a random start position instead of a random
        // order would pick case 1 three times in four.
        Channel<Integer> idleA = Channel.unbuffered();
        Channel<Integer> idleB = Channel.unbuffered();
        Channel<Integer> one = Channel.buffered(10_000);
        Channel<Integer> two = Channel.buffered(10_000);
        int trials = 10_000;
        for (int i = 0; i < trials; i++) {
            one.trySend(1);
            two.trySend(2);
        }
        int ones = 0;
        for (int i = 0; i < trials; i++) {
            int got = Select.select(idleA.onReceive(v -> 0), one.onReceive(v -> v), two.onReceive(v -> v),
                    idleB.onReceive(v -> 3));
            assertTrue(got == 1 || got == 2, "an idle case was chosen: " + got);
            if (got == 1) {
                ones++;
            }
        }
        // Go's bound for TestSelectFairness: ten standard deviations of the binomial.
        assertTrue(Math.abs(ones - trials / 2) <= 500, "unfair select: " + ones + " of " + trials);
    }

    @Test
    void sixteenCasesAreAllReachable() throws Exception {
        // The first pass packs its order four bits a case: the sixteenth case must be drawn too.
        List<Channel<Integer>> chs = new ArrayList<>();
        List<Case<Integer>> cases = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Channel<Integer> c = Channel.buffered(1000);
            chs.add(c);
            int k = i;
            cases.add(c.onReceive(v -> k));
        }
        int[] seen = new int[16];
        for (int i = 0; i < 1600; i++) {
            for (Channel<Integer> c : chs) {
                if (!c.trySend(0)) {
                    break;
                }
            }
            seen[Select.select(cases)]++;
        }
        for (int i = 0; i < 16; i++) {
            assertTrue(seen[i] > 40, "case " + i + " chosen " + seen[i] + " times of 1600");
        }
    }

    @Test
    void valueCaseOnClosedChannelThrowsAndOrClosedCaseSeesClosed() throws Exception {
        // onReceive's body gets the bare value; the closed mark must never reach it as a "value".
        Channel<Integer> closed = Channel.buffered(1);
        closed.trySend(7);
        closed.close();
        Channel<Integer> idle = Channel.unbuffered();
        int first = Select.select(closed.onReceive(v -> v), idle.onReceive(v -> -1));
        assertEquals(7, first);
        assertThrows(ChannelClosedException.class,
                () -> Select.<Integer>select(closed.onReceive(v -> v), idle.onReceive(v -> -1)));
        String seen = Select.select(closed.onReceiveOrClosed(r -> r instanceof Received.Closed ? "closed" : "value"),
                idle.onReceive(v -> "idle"));
        assertEquals("closed", seen);
        // Closed while the select waits: the wake-up carries the closed mark through the same fire().
        Channel<Integer> later = Channel.unbuffered();
        try (Workers w = new Workers()) {
            Thread t = w.virtual(() -> assertThrows(ChannelClosedException.class,
                    () -> Select.<Integer>select(later.onReceive(v -> v), idle.onReceive(v -> -1))));
            Await.parked(t);
            later.close();
            w.join(Await.PATIENCE);
        }
    }

    @Test
    void sendCaseOnClosedChannelThrowsAndSendsNothingElse() throws Exception {
        Channel<Integer> open = Channel.buffered(1000);
        Channel<Integer> closed = Channel.buffered(1);
        closed.close();
        int threw = 0;
        int sent = 0;
        for (int i = 0; i < 1000; i++) {
            try {
                Select.select(open.onSend(i, () -> 0), closed.onSend(i, () -> 1));
                sent++;
            } catch (ChannelClosedException e) {
                threw++;
            }
        }
        assertEquals(sent, left(List.of(open)), "a select that threw must not have sent");
        assertTrue(threw > 100 && sent > 100, "both cases must be drawn: threw " + threw + ", sent " + sent);
        assertThrows(ChannelClosedException.class, () -> closed.trySend(1));
        assertInstanceOf(Received.Closed.class, closed.tryReceive());
    }

    @Test
    void racingSendSelectsReceiversAndCloseDeliverEachValueOnce() throws Exception {
        // Producers offer each value to four channels in one select; receivers take from all four with
        // selects too; halfway, one channel is closed under them. A value must arrive exactly once, and
        // a select that threw (its chosen case was the closed channel) must not have delivered it.
        int producers = 4;
        int perProducer = 5_000;
        for (int round = 0; round < 10; round++) {
            List<Channel<Integer>> chs = new ArrayList<>();
            for (int i = 0; i < CHANNELS; i++) {
                chs.add(Channel.buffered(i % 2 == 0 ? 0 : 3));
            }
            Ledger ledger = new Ledger(producers * perProducer);
            AtomicInteger producing = new AtomicInteger(producers);
            Channel<Integer> done = Channel.unbuffered();
            try (Workers w = new Workers()) {
                for (int p = 0; p < producers; p++) {
                    int base = p * perProducer;
                    w.virtual(() -> {
                        try {
                            for (int i = 0; i < perProducer; i++) {
                                int v = base + i;
                                if (v == perProducer / 2) {
                                    chs.get(3).close();
                                }
                                try {
                                    Select.select(chs.get(0).onSend(v, () -> null), chs.get(1).onSend(v, () -> null),
                                            chs.get(2).onSend(v, () -> null), chs.get(3).onSend(v, () -> null));
                                    ledger.sent(v);
                                } catch (ChannelClosedException e) {
                                    // not sent: the ledger must not see it arrive
                                }
                            }
                        } finally {
                            if (producing.decrementAndGet() == 0) {
                                done.close();
                            }
                        }
                    });
                }
                for (int c = 0; c < 3; c++) {
                    w.virtual(() -> {
                        boolean[] over = {false};
                        // Once the closed channel is drained its case is always ready: switch it off
                        // with the nil channel (which also sends these selects through the locked pass).
                        List<Channel<Integer>> last = new ArrayList<>(List.of(chs.get(3)));
                        while (!over[0]) {
                            Select.select(
                                    chs.get(0).onReceive(v -> got(ledger, v)),
                                    chs.get(1).onReceive(v -> got(ledger, v)),
                                    chs.get(2).onReceive(v -> got(ledger, v)),
                                    last.getFirst().onReceiveOrClosed(r -> {
                                        if (r instanceof Received.Value<Integer>(Integer v)) {
                                            ledger.received(v);
                                        } else {
                                            last.set(0, Channel.nil());
                                        }
                                        return null;
                                    }),
                                    done.onReceiveOrClosed(r -> over[0] = true));
                        }
                        // Producers are done: drain what the buffered channels still hold.
                        for (Channel<Integer> ch : chs) {
                            while (ch.tryReceive() instanceof Received.Value<Integer>(Integer v)) {
                                ledger.received(v);
                            }
                        }
                    });
                }
                w.join(Await.PATIENCE);
            }
            ledger.assertBalanced();
        }
    }

    private static Object got(Ledger ledger, int v) {
        ledger.received(v);
        return null;
    }
}
