package io.throng.packet.bridge;

import io.throng.packet.MacAddress;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The bridge's decisions, with no sockets: learn the source, then send the frame to the one port its
 * destination was last heard on, or flood it to every port but the one it came in on; count it all.
 * The rules, each in one place here: a frame goes out of its ingress port never; a group destination
 * (broadcast or multicast: the I/G bit) is always flooded; a group or all-zero source is no station
 * and is dropped unlearned (IEEE 802.1D); a frame longer than the buffer (truncated) or shorter than an
 * Ethernet header is dropped. Its methods hold its lock, so statistics can be read from another thread.
 */
final class Forwarder {
    private static final int HEADER = 14;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final class Counters {
        long rxFrames, rxBytes, txFrames, txBytes, flooded, filtered, dropped, truncated;
    }

    private final List<? extends Port> ports;
    private final Counters[] counters;
    private final MacTable table;
    private final LongSupplier clock;

    Forwarder(List<? extends Port> ports, BridgeOptions options) {
        if (ports.size() < 2) {
            throw new IllegalArgumentException("a bridge joins two interfaces or more, not " + ports.size());
        }
        this.ports = List.copyOf(ports);
        this.counters = new Counters[ports.size()];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new Counters();
        }
        this.table = new MacTable(options.maxMacs(), options.aging().toNanos());
        this.clock = options.clock();
    }

    /**
     * Handles a frame that came in on port {@code ingress}: {@code length} bytes of it are in
     * {@code frame}, {@code wireLength} is its length on the wire (larger when it was truncated).
     */
    synchronized void forward(int ingress, MemorySegment frame, int length, int wireLength) {
        Counters in = counters[ingress];
        in.rxFrames++;
        in.rxBytes += wireLength;
        if (wireLength > length) {
            in.truncated++;
            in.dropped++;
            return;
        }
        if (length < HEADER) {
            in.dropped++;
            return;
        }
        long destination = mac(frame, 0), source = mac(frame, 6);
        if (isGroup(source) || source == 0) {
            in.dropped++;
            return;
        }
        long now = clock.getAsLong();
        table.learn(source, ingress, now);
        int egress = isGroup(destination) ? -1 : table.portOf(destination, now);
        if (egress == ingress) {
            in.filtered++;
        } else if (egress >= 0) {
            send(egress, frame, length);
        } else {
            in.flooded++;
            for (int p = 0; p < ports.size(); p++) {
                if (p != ingress) {
                    send(p, frame, length);
                }
            }
        }
    }

    private void send(int egress, MemorySegment frame, int length) {
        Counters out = counters[egress];
        if (ports.get(egress).send(frame, length)) {
            out.txFrames++;
            out.txBytes += length;
        } else {
            out.dropped++;
        }
    }

    /** A receive on port {@code port} failed (the interface went down, say): counted as a drop there. */
    synchronized void receiveFailed(int port) {
        counters[port].dropped++;
    }

    /** Ages the table when no frame came for a while, so its size falls without traffic. */
    synchronized void expire() {
        table.expire(clock.getAsLong());
    }

    synchronized BridgeStatistics statistics() {
        table.expire(clock.getAsLong());
        List<PortStatistics> out = new ArrayList<>();
        for (int i = 0; i < counters.length; i++) {
            Counters c = counters[i];
            out.add(new PortStatistics(ports.get(i).name(), c.rxFrames, c.rxBytes, c.txFrames, c.txBytes, c.flooded, c.filtered,
                    c.dropped, c.truncated));
        }
        return new BridgeStatistics(out, table.size(), table.capacity(), table.learned(), table.moved(), table.aged(), table.evicted());
    }

    /** The stations the table holds now (aged ones removed), each with the name of its port. */
    synchronized Map<MacAddress, String> stations() {
        table.expire(clock.getAsLong());
        Map<MacAddress, String> out = new LinkedHashMap<>();
        table.snapshot().forEach((mac, port) -> out.put(new MacAddress(mac), ports.get(port).name()));
        return out;
    }

    private static long mac(MemorySegment frame, long offset) {
        return Integer.toUnsignedLong(frame.get(U32, offset)) << 16 | Short.toUnsignedLong(frame.get(U16, offset + 4));
    }

    /** The I/G bit, the first address byte's lowest: broadcast and multicast. */
    private static boolean isGroup(long mac) {
        return (mac & (1L << 40)) != 0;
    }
}
