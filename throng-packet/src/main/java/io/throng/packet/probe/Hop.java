package io.throng.packet.probe;

import java.net.InetAddress;
import java.util.List;

/** One TTL of a traceroute: what each probe sent with it got back. */
public record Hop(int ttl, List<Probe> probes) {
    public Hop {
        probes = List.copyOf(probes);
    }

    /**
     * One probe's answer: who answered and after how long, and traceroute's mark for an unreachable
     * other than the port ({@code !H}, {@code !N}, ...; empty otherwise); {@code from} is null when no
     * answer came in time ({@code *}). {@code reached} says the destination itself answered.
     */
    public record Probe(InetAddress from, long rttNanos, String mark, boolean reached) {
        static final Probe NONE = new Probe(null, 0, "", false);
    }

    /** Whether the destination answered any probe of this hop (or a router said it is unreachable): the trace ends here. */
    public boolean last() {
        return probes.stream().anyMatch(p -> p.reached() || !p.mark().isEmpty());
    }
}
