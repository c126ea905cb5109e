package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every close-race test shares: the {@link Ledger} of values sent and received, a count of the
 * receivers that saw {@link Received.Closed}, and the ending, which closes the channel after a random
 * amount of traffic and then checks Go's rule: every send that completed was delivered exactly once
 * and no other was, every receiver ended with Closed, nobody stayed blocked, nothing was left behind.
 */
final class CloseRace {
    final Ledger ledger;
    private final int receivers;
    private final AtomicInteger closedSeen = new AtomicInteger();

    /** A race over the values 0..values-1 with {@code receivers} receivers, each of which must see Closed. */
    CloseRace(int values, int receivers) {
        this.ledger = new Ledger(values);
        this.receivers = receivers;
    }

    /** A receiver's last act: it saw Closed. */
    void receiverSawClosed() {
        closedSeen.incrementAndGet();
    }

    /**
     * Closes {@code ch} after a random number of busy-wait rounds below {@code maxSpins} (sometimes at
     * once, sometimes mid-stream), waits for every worker of {@code w}, and checks the outcome.
     */
    void closeAndCheck(Channel<Integer> ch, int maxSpins, Workers w) throws InterruptedException {
        int spins = ThreadLocalRandom.current().nextInt(maxSpins);
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
        ch.close();
        w.join(Await.PATIENCE);
        ledger.assertBalanced();
        assertEquals(receivers, closedSeen.get(), "every receiver must end with Closed");
        assertEquals(Received.closed(), ch.tryReceive(), "a value was left in the channel");
    }
}
