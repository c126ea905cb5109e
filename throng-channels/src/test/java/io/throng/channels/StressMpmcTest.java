package io.throng.channels;

import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many producers and consumers on one channel, to catch a lost wake-up (a party parked forever while
 * its partner is there: the workers' deadline fails the test) or a value delivered twice or lost (the
 * ledger: exact counts per value and a checksum). Run for unbuffered, small and larger buffers, and
 * unbounded channels; with virtual threads only, and with a mix of virtual and platform threads (the
 * latter really run in parallel and so stress the lock and the claim race hardest); and with a
 * thousand virtual threads on each side, most of them parked at any moment.
 */
class StressMpmcTest {

    private static Supplier<Channel<Integer>> kind(String name) {
        return switch (name) {
            case "unbuffered" -> Channel::unbuffered;
            case "buffered1" -> () -> Channel.buffered(1);
            case "buffered64" -> () -> Channel.buffered(64);
            case "unbounded" -> Channel::unbounded;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}: {1} producers x {3}, {2} consumers, platform threads: {4}")
    @CsvSource({
            "unbuffered, 8, 8, 10000, false",
            "unbuffered, 4, 4, 10000, true",
            "buffered1, 8, 8, 10000, false",
            "buffered1, 4, 4, 10000, true",
            "buffered64, 8, 8, 10000, false",
            "buffered64, 4, 4, 10000, true",
            "unbounded, 8, 8, 10000, false",
            "unbounded, 4, 4, 10000, true",
            "unbuffered, 1000, 1000, 50, false",
            "buffered64, 1000, 1000, 50, false",
            "unbuffered, 1000, 3, 100, false",
            "unbuffered, 3, 1000, 100, false"})
    void everyValueDeliveredExactlyOnce(String kind, int producers, int consumers, int perProducer,
            boolean platform) throws Exception {
        Channel<Integer> ch = kind(kind).get();
        Ledger ledger = new Ledger(producers * perProducer);
        WaitGroup producing = new WaitGroup();
        producing.add(producers);
        try (Workers w = new Workers()) {
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                Workers.Task produce = () -> {
                    try {
                        for (int i = 0; i < perProducer; i++) {
                            ch.send(base + i);
                            ledger.sent(base + i);
                        }
                    } finally {
                        producing.done();
                    }
                };
                if (platform && p % 2 == 0) {
                    w.platform(produce);
                } else {
                    w.virtual(produce);
                }
            }
            for (int c = 0; c < consumers; c++) {
                Workers.Task consume = () -> {
                    for (int v : ch) {
                        ledger.received(v);
                    }
                };
                if (platform && c % 2 == 1) {
                    w.platform(consume);
                } else {
                    w.virtual(consume);
                }
            }
            w.virtual(() -> {
                if (producing.await(Duration.ofSeconds(50))) {
                    ch.close();
                }
            });
            w.join(Duration.ofSeconds(55));
        }
        ledger.assertAllDeliveredOnce();
    }
}
