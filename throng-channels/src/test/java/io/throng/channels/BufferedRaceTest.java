package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Races on buffered channels: plain, non-blocking, timed and select operations on one ring, with
 * waiting parties, close, and the ring growing, all at once. Each value encodes its producer and its
 * sequence number, so besides exactly-once delivery (the {@link Ledger}) every receiver checks that
 * it sees each producer's values in increasing order: a FIFO channel cannot hand one receiver a
 * producer's later value before its earlier one. Capacities cover one slot, a length that is not a
 * power of two, one that grows from 16 to 17, one that grows several times, and unbounded (-1).
 * Written for a lock-free buffer that was tried and not kept (docs/benchmarks.md, Channels); with
 * that buffer sabotaged, these tests failed on a lost wake-up and hung on a one-slot ring that took
 * a second value. They stay as hostile cases for whatever buffer comes next.
 */
class BufferedRaceTest {
    private static final int ROUNDS = 60;
    private static final int PRODUCERS = 5;
    private static final int CONSUMERS = 5;
    private static final int PER_PRODUCER = 3_000;

    private static Channel<Integer> channel(int capacity) {
        return capacity < 0 ? Channel.unbounded() : Channel.buffered(capacity);
    }

    /** Per receiver: the last sequence number seen from each producer. */
    private static final class Order {
        private final int[] last = new int[PRODUCERS];

        Order() {
            java.util.Arrays.fill(last, -1);
        }

        void saw(int v) {
            int producer = v / PER_PRODUCER;
            int seq = v % PER_PRODUCER;
            if (seq <= last[producer]) {
                throw new AssertionError("producer " + producer + ": got " + seq + " after " + last[producer]);
            }
            last[producer] = seq;
        }
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 3, 17, 1000, -1})
    void fifoPerProducerAndExactlyOnceWithCloseRacing(int capacity) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Channel<Integer> ch = channel(capacity);
            CloseRace race = new CloseRace(PRODUCERS * PER_PRODUCER, CONSUMERS);
            Ledger ledger = race.ledger;
            try (Workers w = new Workers()) {
                for (int p = 0; p < PRODUCERS; p++) {
                    int base = p * PER_PRODUCER;
                    int style = p % 3;
                    Workers.Task produce = () -> {
                        for (int i = 0; i < PER_PRODUCER; i++) {
                            int v = base + i;
                            try {
                                switch (style) {
                                    case 0 -> ch.send(v);
                                    case 1 -> {
                                        while (!ch.trySend(v)) {
                                            Thread.yield(); // full: not sent, try again
                                        }
                                    }
                                    default -> Select.select(ch.onSend(v, () -> null),
                                            Channel.<Integer>nil().onSend(v, () -> null));
                                }
                            } catch (ChannelClosedException e) {
                                return; // not sent, and neither will any later value be
                            }
                            ledger.sent(v);
                        }
                    };
                    if (p == 0) {
                        w.platform(produce);
                    } else {
                        w.virtual(produce);
                    }
                }
                for (int c = 0; c < CONSUMERS; c++) {
                    int style = c % 4;
                    Workers.Task consume = () -> {
                        Order order = new Order();
                        while (true) {
                            Received<Integer> got = switch (style) {
                                case 0 -> ch.receive();
                                case 1 -> {
                                    Received<Integer> r;
                                    while ((r = ch.tryReceive()) instanceof Received.Empty<Integer>) {
                                        Thread.yield();
                                    }
                                    yield r;
                                }
                                case 2 -> Select.select(ch.onReceiveOrClosed(r -> r),
                                        Channel.<Integer>unbuffered().onReceiveOrClosed(r -> r));
                                default -> {
                                    Received<Integer> r;
                                    while ((r = ch.receive(Duration.ofMillis(1))) instanceof Received.Empty<Integer>) {
                                        // timed out: nothing taken, wait again
                                    }
                                    yield r;
                                }
                            };
                            if (!(got instanceof Received.Value<Integer>(Integer v))) {
                                assertEquals(Received.closed(), got);
                                race.receiverSawClosed();
                                return;
                            }
                            order.saw(v);
                            ledger.received(v);
                        }
                    };
                    if (c == 0) {
                        w.platform(consume);
                    } else {
                        w.virtual(consume);
                    }
                }
                race.closeAndCheck(ch, 40_000, w);
            }
        }
    }

    /**
     * Selects over three buffered channels race with plain receives on each of them: every value is
     * taken exactly once (a select that took one never also takes another), and in order per producer.
     */
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 2, 5})
    void selectsRaceWithDirectReceives(int capacity) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            @SuppressWarnings("unchecked")
            Channel<Integer>[] chans = new Channel[] {
                Channel.buffered(capacity), Channel.buffered(capacity), Channel.buffered(capacity)};
            Ledger ledger = new Ledger(PRODUCERS * PER_PRODUCER);
            AtomicInteger producersLeft = new AtomicInteger(PRODUCERS);
            try (Workers w = new Workers()) {
                for (int p = 0; p < PRODUCERS; p++) {
                    int base = p * PER_PRODUCER;
                    // Producer p sends all its values to one channel, so its order there is defined.
                    Channel<Integer> out = chans[p % chans.length];
                    w.virtual(() -> {
                        for (int i = 0; i < PER_PRODUCER; i++) {
                            out.send(base + i);
                            ledger.sent(base + i);
                        }
                        if (producersLeft.decrementAndGet() == 0) {
                            for (Channel<Integer> ch : chans) {
                                ch.close();
                            }
                        }
                    });
                }
                for (int c = 0; c < CONSUMERS; c++) {
                    boolean selects = c % 2 == 0;
                    Channel<Integer> own = chans[c % chans.length];
                    Workers.Task consume = () -> {
                        Order order = new Order();
                        int open = chans.length;
                        boolean[] done = new boolean[chans.length];
                        while (selects ? open > 0 : !done[0]) {
                            if (selects) {
                                int[] which = {-1};
                                Received<Integer> got = Select.select(
                                        (done[0] ? Channel.<Integer>nil() : chans[0]).onReceiveOrClosed(r -> {
                                            which[0] = 0;
                                            return r;
                                        }),
                                        (done[1] ? Channel.<Integer>nil() : chans[1]).onReceiveOrClosed(r -> {
                                            which[0] = 1;
                                            return r;
                                        }),
                                        (done[2] ? Channel.<Integer>nil() : chans[2]).onReceiveOrClosed(r -> {
                                            which[0] = 2;
                                            return r;
                                        }));
                                if (got instanceof Received.Value<Integer>(Integer v)) {
                                    order.saw(v);
                                    ledger.received(v);
                                } else {
                                    done[which[0]] = true;
                                    open--;
                                }
                            } else if (own.receive() instanceof Received.Value<Integer>(Integer v)) {
                                order.saw(v);
                                ledger.received(v);
                            } else {
                                done[0] = true;
                            }
                        }
                    };
                    if (c == 1) {
                        w.platform(consume);
                    } else {
                        w.virtual(consume);
                    }
                }
                w.join(Await.PATIENCE);
            }
            ledger.assertAllDeliveredOnce();
        }
    }

    /**
     * Two threads bounce a turn through two buffered(1) channels: every message finds the buffer empty
     * or a partner just parking, so nearly every message is a hand-off between a waiter and a waker.
     * A lost wake-up leaves both sides waiting, progress stops, and the join fails.
     */
    @Test
    void noLostWakeUpAcrossModeSwitches() throws Exception {
        for (boolean virtual : new boolean[] {true, false}) {
            Channel<Integer> ping = Channel.buffered(1);
            Channel<Integer> pong = Channel.buffered(1);
            int turns = 100_000;
            AtomicInteger last = new AtomicInteger();
            try (Workers w = new Workers()) {
                Workers.Task a = () -> {
                    for (int i = 0; i < turns; i++) {
                        ping.send(i);
                        assertEquals(i, (int) pong.take());
                    }
                };
                Workers.Task b = () -> {
                    for (int i = 0; i < turns; i++) {
                        int v = ping.take();
                        pong.send(v);
                        last.set(v);
                    }
                };
                if (virtual) {
                    w.virtual(a);
                    w.virtual(b);
                } else {
                    w.platform(a);
                    w.platform(b);
                }
                // A loaded machine can make 100,000 platform-thread hand-offs take longer than any fixed
                // deadline; a lost wake-up stops them for good.
                w.joinWhileMoving(last::get, Await.PATIENCE);
            }
            assertEquals(turns - 1, last.get());
        }
    }

    /**
     * A full ring with senders parked behind it, then receivers that arrive all at once: the buffered
     * values come first, then the parked senders' values in the order the senders arrived, and no
     * sender stays parked.
     */
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 3, 16})
    void fullRingWithParkedSendersThenAFloodOfReceivers(int capacity) throws Exception {
        Channel<Integer> ch = Channel.buffered(capacity);
        for (int i = 0; i < capacity; i++) {
            assertTrue(ch.trySend(i));
        }
        int parked = 8;
        try (Workers w = new Workers()) {
            for (int i = capacity; i < capacity + parked; i++) {
                int v = i;
                Thread t = w.virtual(() -> ch.send(v));
                Await.parked(t); // parked before the next one starts: arrival order is known
            }
            int total = capacity + parked;
            int[] got = new int[total];
            AtomicInteger next = new AtomicInteger();
            // Each receiver records the position of its value in one global take order, under a lock
            // held across the receive, so that the order of the takes is the order of the record.
            Object turn = new Object();
            for (int r = 0; r < 4; r++) {
                w.virtual(() -> {
                    while (true) {
                        synchronized (turn) {
                            int k = next.get();
                            if (k == total) {
                                return;
                            }
                            got[k] = ch.take();
                            next.set(k + 1);
                        }
                    }
                });
            }
            w.join(Await.PATIENCE);
            for (int i = 0; i < total; i++) {
                assertEquals(i, got[i], "take " + i);
            }
        }
        assertTrue(ch.tryReceive() instanceof Received.Empty<Integer>, "nothing may be left");
    }
}
