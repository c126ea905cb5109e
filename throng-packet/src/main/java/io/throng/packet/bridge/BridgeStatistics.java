package io.throng.packet.bridge;

import java.util.ArrayList;
import java.util.List;

/**
 * The bridge's counts: each port's, and the MAC table's — entries now and at most, stations learned,
 * moved to another port, aged out, and evicted to keep the table within its bound.
 */
public record BridgeStatistics(List<PortStatistics> ports, int macs, int maxMacs, long learned, long moved, long aged, long evicted) {
    public BridgeStatistics {
        ports = List.copyOf(ports);
    }

    /** The lines {@code throng bridge} prints: one per port, then the table's. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        ports.forEach(p -> out.add(p.line()));
        out.add("mac table: " + macs + " of " + maxMacs + " entries, learned " + learned + ", moved " + moved + ", aged " + aged
                + ", evicted " + evicted);
        return out;
    }
}
