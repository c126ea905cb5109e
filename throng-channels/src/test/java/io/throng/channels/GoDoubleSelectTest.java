package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/doubleselect.go}: two cases of one select must never both run. A
 * sender selects over four unbuffered channels, sending each number once; four forwarding threads each
 * drain one of those channels into a shared one; the receiver checks that every number arrives exactly
 * once. If a select could complete on two channels (two wakers both succeeding on the one waiting
 * sender), a number would arrive twice. Go runs this with two processors, which is what this machine
 * has; here it runs once with virtual threads and once with platform forwarders, so the wakers really
 * run in parallel.
 */
class GoDoubleSelectTest {
    /** Go uses 100,000; fewer keep the suite fast on a shared 2-core machine, the stress tests do more. */
    private static final int N = 30_000;

    @Test
    void virtualForwarders() throws Exception {
        run(false);
    }

    @Test
    void platformForwarders() throws Exception {
        run(true);
    }

    private static void run(boolean platform) throws Exception {
        List<Channel<Integer>> ins = List.of(
                Channel.unbuffered(), Channel.unbuffered(), Channel.unbuffered(), Channel.unbuffered());
        Channel<Integer> merged = Channel.unbuffered();
        try (Workers w = new Workers()) {
            w.virtual(() -> {
                for (int i = 0; i < N; i++) {
                    int v = i;
                    Select.select(
                            ins.get(0).onSend(v, () -> null),
                            ins.get(1).onSend(v, () -> null),
                            ins.get(2).onSend(v, () -> null),
                            ins.get(3).onSend(v, () -> null));
                }
                ins.forEach(Channel::close);
            });
            WaitGroup forwarders = new WaitGroup();
            forwarders.add(ins.size());
            for (Channel<Integer> in : ins) {
                Workers.Task forward = () -> {
                    try {
                        for (int v : in) {
                            merged.send(v);
                        }
                    } finally {
                        forwarders.done();
                    }
                };
                if (platform) {
                    w.platform(forward);
                } else {
                    w.virtual(forward);
                }
            }
            w.virtual(() -> {
                assertTrue(forwarders.await(Duration.ofSeconds(50)), "forwarders did not finish");
                merged.close();
            });

            BitSet seen = new BitSet(N);
            int count = 0;
            while (true) {
                Received<Integer> r = merged.receive(Await.PATIENCE);
                if (r instanceof Received.Value<Integer>(Integer v)) {
                    if (seen.get(v)) {
                        throw new AssertionError("value " + v + " delivered twice: a select ran two cases");
                    }
                    seen.set(v);
                    count++;
                } else {
                    assertEquals(Received.closed(), r, "stream stalled (lost wake-up?)");
                    break;
                }
            }
            assertEquals(N, count);
            assertEquals(N, seen.cardinality());
            w.join(Await.PATIENCE);
        }
    }
}
