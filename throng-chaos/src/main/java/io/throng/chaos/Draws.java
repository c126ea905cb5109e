package io.throng.chaos;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether each toxic affects one connection (a TCP link or a UDP session), drawn once per toxic as it is
 * now (an update is a new toxic, so it draws again), as toxiproxy's toxicity: 0 affects none, 1 all. A
 * toxic limited to one client concerns only connections from that address.
 */
final class Draws {
    private final InetAddress from;
    private final Map<NamedToxic, Boolean> affected = new ConcurrentHashMap<>();

    /** {@code from}: the client's address, or null if unknown (then only toxics for every client concern it). */
    Draws(InetAddress from) {
        this.from = from;
    }

    /** The toxics of {@code direction} among {@code all} that affect this connection, in their order. */
    List<NamedToxic> affecting(List<NamedToxic> all, Direction direction) {
        List<NamedToxic> mine = new ArrayList<>(all.size());
        for (NamedToxic t : all) {
            if (t.stream() == direction && affects(t)) {
                mine.add(t);
            }
        }
        if (affected.size() > all.size()) {
            affected.keySet().retainAll(all); // removed and replaced toxics' draws go
        }
        return mine;
    }

    /** A partition that affects this connection stops both directions, whatever its stream. */
    boolean partitioned(List<NamedToxic> all) {
        for (NamedToxic t : all) {
            if (t.toxic() instanceof Toxic.Partition && affects(t)) {
                return true;
            }
        }
        return false;
    }

    private boolean affects(NamedToxic t) {
        // nextFloat is in [0, 1): a toxicity of 0 never affects, 1 always does.
        return affected.computeIfAbsent(t, k -> k.concerns(from) && ThreadLocalRandom.current().nextFloat() < k.toxicity());
    }
}
