package io.throng.packet.bridge;

import io.throng.packet.MacAddress;
import io.throng.packet.capture.LinkSocket;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * A learning L2 bridge between Linux interfaces, in user space: one {@link LinkSocket} per interface
 * (promiscuous while open), one platform thread that polls them all and hands each incoming frame to
 * the {@link Forwarder}. {@link #start} opens every port before the thread starts, and closes the ones
 * it opened if any fails; {@link #close} stops the thread, waits for it, then closes the ports (their
 * promiscuous mode ends with them).
 */
public final class Bridge implements AutoCloseable {
    /** How long one poll waits, so the thread notices {@link #close} and ages the table without traffic. */
    private static final int POLL_MILLIS = 100;
    /** Frames taken from one port before the others get a turn, so a flooded port cannot starve them. */
    private static final int BATCH = 64;

    private record SocketPort(LinkSocket socket) implements Port {
        @Override
        public String name() {
            return socket.interfaceName();
        }

        @Override
        public boolean send(MemorySegment frame, int length) {
            return socket.send(frame, length);
        }
    }

    private final List<LinkSocket> sockets;
    private final Forwarder forwarder;
    private final Thread thread;
    private volatile boolean stopping;

    private Bridge(List<LinkSocket> sockets, BridgeOptions options) {
        this.sockets = sockets;
        this.forwarder = new Forwarder(sockets.stream().map(SocketPort::new).toList(), options);
        this.thread = Thread.ofPlatform().name("throng-bridge").daemon().unstarted(this::run);
    }

    /**
     * Opens a port on each of {@code interfaces} (two or more, each once) and starts bridging them.
     * Throws {@link io.throng.packet.capture.PrivilegeException} without CAP_NET_RAW, an IOException
     * naming an unknown interface.
     */
    public static Bridge start(List<String> interfaces, BridgeOptions options) throws IOException {
        if (interfaces.size() < 2 || new HashSet<>(interfaces).size() != interfaces.size()) {
            throw new IllegalArgumentException("a bridge joins two or more different interfaces, not " + interfaces);
        }
        List<LinkSocket> sockets = new ArrayList<>();
        try {
            for (String name : interfaces) {
                sockets.add(LinkSocket.open(name));
            }
        } catch (IOException | RuntimeException e) {
            sockets.forEach(LinkSocket::close);
            throw e;
        }
        Bridge bridge = new Bridge(List.copyOf(sockets), options);
        bridge.thread.start();
        return bridge;
    }

    private void run() {
        boolean[] ready = new boolean[sockets.size()];
        while (!stopping) {
            if (LinkSocket.poll(sockets, ready, POLL_MILLIS) == 0) {
                forwarder.expire();
                continue;
            }
            for (int i = 0; i < sockets.size(); i++) {
                if (ready[i]) {
                    drain(i);
                }
            }
        }
    }

    private void drain(int port) {
        LinkSocket socket = sockets.get(port);
        MemorySegment buffer = socket.buffer();
        int capacity = (int) buffer.byteSize();
        for (int k = 0; k < BATCH; k++) {
            int wire;
            try {
                wire = socket.receive();
            } catch (IOException e) {
                forwarder.receiveFailed(port);
                return;
            }
            if (wire < 0) {
                return;
            }
            forwarder.forward(port, buffer, Math.min(wire, capacity), wire);
        }
    }

    /** The counts so far; safe from any thread. */
    public BridgeStatistics statistics() {
        return forwarder.statistics();
    }

    /** The MAC table now: each station and the interface it was last heard on, oldest first. */
    public Map<MacAddress, String> stations() {
        return forwarder.stations();
    }

    /** Stops bridging, waits for the forwarding thread to end, then closes every port. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join();
        sockets.forEach(LinkSocket::close);
    }
}
