package io.throng.channels;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The channel lock under a pile-up, with a close in the middle. Far more threads than the machine has
 * cores take one channel's lock in a loop (non-blocking sends and receives, {@code isClosed}), so lock
 * holders are descheduled by the kernel and waiters reach the lock's slow path (which yields; no unlock
 * wakes a lock waiter, so a slow path that parked waiting for a wake-up would hang here). Among them,
 * blocking senders and receivers wait on the same channel, and a closer closes it at a random moment.
 * Nobody may stay stuck, every receiver ends with Closed, and every value a send reported as done is
 * received exactly once.
 */
class LockContentionCloseTest {
    private static final int ROUNDS = 20;
    private static final int HAMMERS_VIRTUAL = 48;
    private static final int HAMMERS_PLATFORM = 8;
    private static final int SENDERS = 8;
    private static final int RECEIVERS = 8;
    private static final int MAX_PER_SENDER = 1_000;

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 4})
    void noWaiterIsLostWhileTheLockIsContendedAndTheChannelCloses(int capacity) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Channel<Integer> ch = Channel.buffered(capacity);
            CloseRace race = new CloseRace(SENDERS * MAX_PER_SENDER, RECEIVERS);
            Ledger ledger = race.ledger;
            try (Workers w = new Workers()) {
                for (int h = 0; h < HAMMERS_VIRTUAL + HAMMERS_PLATFORM; h++) {
                    Workers.Task hammer = () -> {
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        while (!ch.isClosed()) {
                            // A hammer never receives (a value it took would be lost to the ledger);
                            // it offers -1, which the receivers skip.
                            if (rnd.nextBoolean()) {
                                try {
                                    ch.trySend(-1);
                                } catch (ChannelClosedException e) {
                                    return;
                                }
                            } else {
                                Thread.onSpinWait();
                            }
                        }
                    };
                    if (h < HAMMERS_PLATFORM) {
                        w.platform(hammer);
                    } else {
                        w.virtual(hammer);
                    }
                }
                for (int s = 0; s < SENDERS; s++) {
                    int base = s * MAX_PER_SENDER;
                    w.virtual(() -> {
                        for (int i = 0; i < MAX_PER_SENDER; i++) {
                            try {
                                ch.send(base + i);
                            } catch (ChannelClosedException e) {
                                return;
                            }
                            ledger.sent(base + i);
                        }
                    });
                }
                for (int r = 0; r < RECEIVERS; r++) {
                    w.virtual(() -> {
                        for (int v : ch) {
                            if (v >= 0) {
                                ledger.received(v);
                            }
                        }
                        race.receiverSawClosed();
                    });
                }
                race.closeAndCheck(ch, 50_000, w);
            }
        }
    }
}
