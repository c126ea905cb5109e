package io.throng.channels;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Select-heavy traffic over several channels at once, with every kind of case mixed in: producers
 * offer each value to all channels in one select (sometimes with a default, sometimes with a short
 * timeout, retrying when those fire), consumers select over all channels (likewise), and relays select
 * between receiving a new value and passing on the one they hold, so that selects wake selects in both
 * directions. Closing switches cases off through the nil channel. Every value must arrive exactly once
 * and nothing may stall (a lost wake-up trips the workers' deadline).
 *
 * <p>When a default or timeout fires, the retry is a blocking select, not a {@code Thread.yield()}
 * loop: virtual threads that poll with yield starve virtual threads that were unparked from a platform
 * thread (the JDK's scheduler runs its local queues first), which hangs the test without any channel
 * being at fault. Go's scheduler has a global-queue fairness tick; the JDK's has none.
 */
class StressSelectTest {
    private static final int CHANNELS = 4;
    private static final int PRODUCERS = 6;
    private static final int CONSUMERS = 6;
    private static final int RELAYS = 4;
    private static final int PER_PRODUCER = 3_000;

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 2, 32})
    void mixedSelectTraffic(int capacity) throws Exception {
        Ledger ledger = newLedger();
        traffic(capacity, ledger);
        ledger.assertAllDeliveredOnce();
    }

    /** A ledger for one run of {@link #traffic}. */
    static Ledger newLedger() {
        return new Ledger(PRODUCERS * PER_PRODUCER);
    }

    /** One run of the traffic, recorded in {@code ledger}; SelectStallTest repeats it watching the ledger move. */
    static void traffic(int capacity, Ledger ledger) throws Exception {
        List<Channel<Integer>> in = new ArrayList<>();
        List<Channel<Integer>> out = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            // Mix capacities too: half the channels are unbuffered whatever the parameter.
            in.add(Channel.buffered(i % 2 == 0 ? capacity : 0));
            out.add(Channel.buffered(i % 2 == 1 ? capacity : 0));
        }
        WaitGroup producing = new WaitGroup();
        producing.add(PRODUCERS);
        WaitGroup relaying = new WaitGroup();
        relaying.add(RELAYS);
        try (Workers w = new Workers()) {
            for (int p = 0; p < PRODUCERS; p++) {
                int base = p * PER_PRODUCER;
                int style = p % 3;
                Workers.Task produce = () -> {
                    try {
                        for (int i = 0; i < PER_PRODUCER; i++) {
                            int v = base + i;
                            // Default or timeout fired: nothing was sent. Retry with a blocking select,
                            // never in a busy loop (see the class comment).
                            if (!offer(in, v, style)) {
                                offer(in, v, 0);
                            }
                            ledger.sent(v);
                        }
                    } finally {
                        producing.done();
                    }
                };
                if (p == 0) {
                    w.platform(produce);
                } else {
                    w.virtual(produce);
                }
            }
            for (int r = 0; r < RELAYS; r++) {
                w.virtual(() -> {
                    try {
                        relay(in, out);
                    } finally {
                        relaying.done();
                    }
                });
            }
            for (int c = 0; c < CONSUMERS; c++) {
                int style = c % 3;
                Workers.Task consume = () -> consume(out, style, ledger);
                if (c == 0) {
                    w.platform(consume);
                } else {
                    w.virtual(consume);
                }
            }
            w.virtual(() -> {
                if (producing.await(Duration.ofSeconds(50))) {
                    in.forEach(Channel::close);
                }
                if (relaying.await(Duration.ofSeconds(50))) {
                    out.forEach(Channel::close);
                }
            });
            w.join(Duration.ofSeconds(55));
        }
    }

    /** One select offering {@code v} to every channel; style 1 adds a default, style 2 a short timeout. */
    private static boolean offer(List<Channel<Integer>> chans, int v, int style) throws InterruptedException {
        List<Case<Boolean>> cases = new ArrayList<>();
        for (Channel<Integer> c : chans) {
            cases.add(c.onSend(v, () -> true));
        }
        switch (style) {
            case 1 -> cases.add(Select.onDefault(() -> false));
            case 2 -> cases.add(Select.onTimeout(Duration.ofNanos(ThreadLocalRandom.current().nextInt(1, 20_000)),
                    () -> false));
            default -> { }
        }
        return Select.select(cases);
    }

    /** A relay holds at most one value: it selects between taking another and handing on the one it has. */
    private static void relay(List<Channel<Integer>> in, List<Channel<Integer>> out) throws InterruptedException {
        List<Channel<Integer>> sources = new ArrayList<>(in);
        int open = sources.size();
        Integer held = null;
        while (open > 0 || held != null) {
            List<Case<Integer>> cases = new ArrayList<>();
            if (held == null) {
                for (int i = 0; i < sources.size(); i++) {
                    int index = i;
                    cases.add(sources.get(i).onReceiveOrClosed(r -> switch (r) {
                        case Received.Value<Integer>(Integer v) -> v;
                        default -> -1 - index; // closed: which source
                    }));
                }
            } else {
                for (Channel<Integer> o : out) {
                    cases.add(o.onSend(held, () -> Integer.MIN_VALUE));
                }
            }
            int r = Select.select(cases);
            if (r == Integer.MIN_VALUE) {
                held = null;
            } else if (r < 0) {
                sources.set(-1 - r, Channel.nil());
                open--;
            } else {
                held = r;
            }
        }
    }

    private static void consume(List<Channel<Integer>> chans, int style, Ledger ledger) throws InterruptedException {
        List<Channel<Integer>> live = new ArrayList<>(chans);
        int open = live.size();
        boolean retry = false;
        while (open > 0) {
            List<Case<Integer>> cases = new ArrayList<>();
            for (int i = 0; i < live.size(); i++) {
                int index = i;
                cases.add(live.get(i).onReceiveOrClosed(r -> switch (r) {
                    case Received.Value<Integer>(Integer v) -> v;
                    default -> -1 - index;
                }));
            }
            switch (retry ? 0 : style) {
                case 1 -> cases.add(Select.onDefault(() -> Integer.MIN_VALUE));
                case 2 -> cases.add(Select.onTimeout(Duration.ofNanos(ThreadLocalRandom.current().nextInt(1, 20_000)),
                        () -> Integer.MIN_VALUE));
                default -> { }
            }
            int r = Select.select(cases);
            retry = r == Integer.MIN_VALUE; // nothing was ready: the next select blocks
            if (retry) {
                continue;
            }
            if (r < 0) {
                live.set(-1 - r, Channel.nil());
                open--;
            } else {
                ledger.received(r);
            }
        }
    }
}
