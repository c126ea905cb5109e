package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Reproduces the select fairness tests of Go's {@code runtime/chan_test.go}. {@code
 * TestSelectFairness}: a select over two always-ready buffered channels (plus an idle channel and the
 * nil channel, which must not disturb the draw), 10,000 times; each ready channel must be picked
 * 5000 ± 500 times (Go's bound, ten standard deviations). {@code TestPseudoRandomSend}: a select with
 * two send cases on the same channel, one sending 0 and one 1, on an unbuffered and a buffered channel;
 * each value must appear more than a tenth of the time — also when the select is already waiting
 * when its partner arrives, so that the order of its queued cases must be random too.
 */
class GoSelectFairnessTest {
    private static final int TRIALS = 10_000;

    @Test
    void twoReadyChannelsAreChosenEvenly() throws Exception {
        Channel<Integer> c1 = Channel.buffered(TRIALS);
        Channel<Integer> c2 = Channel.buffered(TRIALS);
        Channel<Integer> idle = Channel.unbuffered();
        Channel<Integer> nil = Channel.nil();
        for (int i = 0; i < TRIALS; i++) {
            c1.trySend(1);
            c2.trySend(2);
        }
        int count1 = 0;
        int count2 = 0;
        for (int i = 0; i < TRIALS; i++) {
            int got = Select.select(c1.onReceive(v -> v), idle.onReceive(v -> 3), c2.onReceive(v -> v),
                    nil.onReceive(v -> 4));
            if (got == 1) {
                count1++;
            } else if (got == 2) {
                count2++;
            }
        }
        assertTrue(count1 + count2 == TRIALS, "only the ready channels may be chosen");
        assertTrue(Math.abs(count1 - TRIALS / 2) <= 500, "unfair select: " + count1 + " vs " + count2);
    }

    @Test
    void twoSendCasesOnOneChannelAreChosenEvenly() throws Exception {
        for (int capacity : new int[] {0, 100}) {
            Channel<Integer> c = Channel.buffered(capacity);
            int n = 100;
            int[] seen = new int[2];
            try (Workers w = new Workers()) {
                w.virtual(() -> {
                    for (int i = 0; i < n; i++) {
                        Select.select(c.onSend(1, () -> null), c.onSend(0, () -> null));
                    }
                });
                for (int i = 0; i < n; i++) {
                    seen[Await.recv(c)]++;
                }
                w.join(Await.PATIENCE);
            }
            assertTrue(seen[0] > n / 10 && seen[1] > n / 10,
                    "capacity " + capacity + ": zeros " + seen[0] + ", ones " + seen[1]);
        }
    }

    @Test
    void waitingSelectChoosesEvenlyBetweenCasesOnOneChannel() throws Exception {
        // The same rule when the select has to wait: its two cases on one channel are both queued,
        // and the partner that arrives later must not always meet the first-listed one.
        int n = 200;
        Channel<Integer> c = Channel.unbuffered();
        int[] sendSeen = new int[2];
        int[] receiveSeen = new int[2];
        try (Workers w = new Workers()) {
            for (int i = 0; i < n; i++) {
                Thread sender = w.virtual(() -> Select.select(c.onSend(1, () -> null), c.onSend(0, () -> null)));
                Await.parked(sender);
                sendSeen[Await.recv(c)]++;
                Await.join(sender);

                Channel<Integer> which = Channel.buffered(1);
                Thread receiver = w.virtual(() -> which.send(Select.select(c.onReceive(v -> 1), c.onReceive(v -> 0))));
                Await.parked(receiver);
                Await.send(c, 5);
                receiveSeen[Await.recv(which)]++;
            }
            w.join(Await.PATIENCE);
        }
        assertTrue(sendSeen[0] > n / 10 && sendSeen[1] > n / 10, "send cases: " + sendSeen[0] + " / " + sendSeen[1]);
        assertTrue(receiveSeen[0] > n / 10 && receiveSeen[1] > n / 10,
                "receive cases: " + receiveSeen[0] + " / " + receiveSeen[1]);
    }
}
