package io.throng.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The toxics of one direction of one UDP session, run on each datagram in the order they were added:
 * what {@link Pipe} is to a TCP stream. It decides whether a datagram is lost, how many copies go, how
 * long they wait and whether a bit flips; the relay does the sending. One thread calls it (the one that
 * receives that direction's datagrams), so the loss chains need no lock.
 */
final class DatagramToxics {
    /** What happens to one datagram: {@code copies} sends (0: lost) after {@code delayNanos}. */
    record Verdict(int copies, long delayNanos) {
        static final Verdict LOST = new Verdict(0, 0);
    }

    /** Each packet_loss toxic's chain, kept while the toxic is; an update starts a new one. */
    private final Map<NamedToxic, GilbertElliott> chains = new HashMap<>();

    /** Runs {@code data} (which a corrupt toxic changes in place) through {@code toxics}. */
    Verdict apply(byte[] data, List<NamedToxic> toxics) {
        if (chains.size() > toxics.size()) {
            chains.keySet().retainAll(toxics);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int copies = 1;
        long delayMillis = 0;
        for (NamedToxic named : toxics) {
            switch (named.toxic()) {
                case Toxic.PacketLoss loss -> {
                    if (chains.computeIfAbsent(named, k -> new GilbertElliott(loss, random)).lose()) {
                        return Verdict.LOST;
                    }
                }
                case Toxic.Duplicate d -> {
                    if (chance(random, d.rate())) {
                        copies++;
                    }
                }
                case Toxic.Corrupt c -> {
                    if (data.length > 0 && chance(random, c.rate())) {
                        data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case Toxic.Reorder r -> {
                    if (chance(random, r.rate())) {
                        delayMillis += r.delay();
                    }
                }
                case Toxic.Latency l -> delayMillis += l.jitter() == 0 ? l.latency()
                        : Math.max(0, l.latency() + random.nextLong(-l.jitter(), l.jitter() + 1));
                default -> {
                    // Partition is the relay's (it stops both directions); stream toxics never reach a UDP proxy.
                }
            }
        }
        return new Verdict(copies, TimeUnit.MILLISECONDS.toNanos(delayMillis));
    }

    /** True with probability {@code percent} / 100; 0 never, 100 always. */
    private static boolean chance(ThreadLocalRandom random, double percent) {
        return random.nextDouble() * 100 < percent;
    }
}
