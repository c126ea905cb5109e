package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Close racing with sends and receives. In each round, senders (plain, timed, and select senders)
 * send distinct values until the channel is closed under them, receivers (plain, iterating, and
 * select receivers) receive until they see Closed, and a closer closes the channel at a random
 * moment. The rule being checked is Go's: a send either completes (its value is delivered exactly
 * once, even if it was only buffered when the close came) or throws ChannelClosedException (its value
 * is never delivered); every receiver ends with Closed; nobody stays blocked.
 */
class StressCloseRaceTest {
    private static final int ROUNDS = 150;
    private static final int SENDERS = 6;
    private static final int RECEIVERS = 6;
    private static final int MAX_PER_SENDER = 2_000;

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 8, -1})
    void closeRacesWithSendsAndReceives(int capacity) throws Exception {
        LongAdder delivered = new LongAdder();
        LongAdder refused = new LongAdder();
        for (int round = 0; round < ROUNDS; round++) {
            Channel<Integer> ch = capacity < 0 ? Channel.unbounded() : Channel.buffered(capacity);
            CloseRace race = new CloseRace(SENDERS * MAX_PER_SENDER, RECEIVERS);
            Ledger ledger = race.ledger;
            try (Workers w = new Workers()) {
                for (int s = 0; s < SENDERS; s++) {
                    int base = s * MAX_PER_SENDER;
                    int style = s % 3;
                    Workers.Task send = () -> {
                        for (int i = 0; i < MAX_PER_SENDER; i++) {
                            int v = base + i;
                            try {
                                switch (style) {
                                    case 0 -> ch.send(v);
                                    case 1 -> {
                                        while (!ch.send(v, Duration.ofMillis(1))) {
                                            // timed out: not sent, try again
                                        }
                                    }
                                    default -> Select.select(ch.onSend(v, () -> null),
                                            Channel.<Integer>nil().onSend(v, () -> null));
                                }
                            } catch (ChannelClosedException e) {
                                refused.increment();
                                return; // not sent; and every later send would fail too
                            }
                            ledger.sent(v);
                        }
                    };
                    if (s == 0) {
                        w.platform(send);
                    } else {
                        w.virtual(send);
                    }
                }
                for (int r = 0; r < RECEIVERS; r++) {
                    int style = r % 3;
                    Workers.Task receive = () -> {
                        switch (style) {
                            case 0 -> {
                                Received<Integer> got;
                                while ((got = ch.receive()) instanceof Received.Value<Integer>(Integer v)) {
                                    ledger.received(v);
                                }
                                assertEquals(Received.closed(), got);
                            }
                            case 1 -> {
                                for (int v : ch) {
                                    ledger.received(v);
                                }
                            }
                            default -> {
                                while (Select.select(ch.onReceiveOrClosed(got -> {
                                    if (got instanceof Received.Value<Integer>(Integer v)) {
                                        ledger.received(v);
                                        return true;
                                    }
                                    return false;
                                }), Channel.<Integer>unbuffered().onReceive(v -> true))) {
                                    // keep receiving
                                }
                            }
                        }
                        race.receiverSawClosed();
                    };
                    if (r == 0) {
                        w.platform(receive);
                    } else {
                        w.virtual(receive);
                    }
                }
                // Close after a random amount of traffic: sometimes at once, sometimes mid-stream.
                race.closeAndCheck(ch, 20_000, w);
            }
            delivered.add(ledger.sentCount());
        }
        System.out.printf("capacity %d: %d values delivered, %d sends refused by close, over %d rounds%n",
                capacity, delivered.sum(), refused.sum(), ROUNDS);
    }
}
