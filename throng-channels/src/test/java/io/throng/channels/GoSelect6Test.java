package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/select6.go} (Go issue 2075): a select that loses on a channel must
 * leave that channel's wait queue intact for the other waiters on it. Two threads wait to receive on
 * c1: a plain receiver, and a select over c1 and c2 that queued behind it. The select is woken through
 * c2, unlinks its node from c1, and then waits on c1 again with a plain receive. Two sends on c1 must
 * now reach both receivers; in Go's bug the second waiter was lost and the program hung. Here each
 * round also varies where the select's node sits in c1's queue (first, middle, last) and the test
 * runs many rounds, with a deadline on every send.
 */
class GoSelect6Test {

    @Test
    void losingSelectKeepsTheOtherQueueIntact() throws Exception {
        for (int round = 0; round < 300; round++) {
            runRound(round % 3);
        }
    }

    /** {@code selectPosition}: how many plain receivers queue on c1 before the select does (of 2). */
    private static void runRound(int selectPosition) throws Exception {
        Channel<Integer> c1 = Channel.unbuffered();
        Channel<Integer> c2 = Channel.unbuffered();
        Channel<Integer> c3 = Channel.unbuffered();
        Channel<Integer> results = Channel.buffered(3);
        try (Workers w = new Workers()) {
            for (int i = 0; i < 2; i++) {
                if (i == selectPosition) {
                    startSelector(w, c1, c2, c3, results);
                }
                Thread plain = w.virtual(() -> results.send(Await.recv(c1)));
                Await.parked(plain);
            }
            if (selectPosition == 2) {
                startSelector(w, c1, c2, c3, results);
            }
            Await.send(c2, 0); // the select wins on c2 and loses on c1
            Await.recv(c3); // it is now (or soon) a plain receiver on c1 again
            int sum = 0;
            for (int i = 1; i <= 3; i++) {
                Await.send(c1, i); // three receivers wait on c1 one way or another: each send must land
                sum += Await.recv(results);
            }
            assertEquals(6, sum);
            w.join(Await.PATIENCE);
        }
    }

    private static void startSelector(Workers w, Channel<Integer> c1, Channel<Integer> c2, Channel<Integer> c3,
            Channel<Integer> results) {
        Thread selector = w.virtual(() -> {
            String first = Select.select(
                    c1.onReceive(v -> "c1"),
                    c2.onReceive(v -> "c2"));
            assertEquals("c2", first, "c1 had no sender yet");
            Await.send(c3, 0);
            results.send(Await.recv(c1));
        });
        Await.parked(selector);
    }
}
