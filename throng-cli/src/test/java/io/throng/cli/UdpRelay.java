package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The UDP path between two tunnel ends, and the attacker on it (TunnelCommandTest): what A sends to {@code fromA} goes to B from
 * the current B-side socket, what B answers there goes back to A. It keeps A's last transport datagram, and while
 * {@link #hold holding} keeps all of A's datagrams instead of forwarding them (TunnelBatchCommandTest).
 */
final class UdpRelay implements AutoCloseable {
    private final DatagramSocket fromA;
    private final InetSocketAddress b;
    private final AtomicReference<DatagramSocket> toB = new AtomicReference<>();
    private final List<DatagramSocket> all = new ArrayList<>();
    private final AtomicReference<byte[]> lastFromA = new AtomicReference<>();
    private volatile InetSocketAddress a;
    private final List<byte[]> held = new ArrayList<>();
    private boolean holding; // guarded by held

    UdpRelay(InetSocketAddress listen, InetSocketAddress b, String sourceToB) throws SocketException {
        this.fromA = new DatagramSocket(listen);
        this.b = b;
        all.add(fromA);
        roamTo(sourceToB);
        Thread.ofVirtual().start(() -> pump(fromA, true));
    }

    /** From now on A's datagrams reach B from {@code source}, a new socket on another address. */
    void roamTo(String source) throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0));
        synchronized (all) {
            all.add(s);
        }
        toB.set(s);
        Thread.ofVirtual().start(() -> pump(s, false));
    }

    byte[] lastTransportFromA() {
        byte[] d = lastFromA.get();
        assertTrue(d != null, "A sent no transport datagram through the relay");
        return d;
    }

    /** From now on A's datagrams are kept, in arrival order, instead of reaching B. */
    void hold() {
        synchronized (held) {
            held.clear();
            holding = true;
        }
    }

    /** Waits (60 s at most) until {@code count} of the kept datagrams are {@code length} bytes long; returns those. */
    List<byte[]> awaitHeld(int count, int length) throws InterruptedException {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        synchronized (held) {
            while (true) {
                List<byte[]> matching = held.stream().filter(d -> d.length == length).toList();
                long left = end - System.nanoTime();
                if (matching.size() >= count || left <= 0) {
                    return matching;
                }
                held.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Forwarding resumes; what was kept is dropped. */
    void stopHolding() {
        synchronized (held) {
            holding = false;
            held.clear();
        }
    }

    /** Sends {@code datagrams} to B back to back from the socket A's traffic reaches B from: B takes them as A's. */
    void sendToBAsA(List<byte[]> datagrams) throws IOException {
        DatagramSocket s = toB.get();
        for (byte[] d : datagrams) {
            s.send(new DatagramPacket(d, d.length, b));
        }
    }

    /** Sends {@code datagram} to B from a socket of its own: the attacker's, not A's address. */
    void injectToB(byte[] datagram) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(((InetSocketAddress) toB.get().getLocalSocketAddress()).getAddress(), 0))) {
            s.send(new DatagramPacket(datagram, datagram.length, b));
        }
    }

    private void pump(DatagramSocket in, boolean isFromA) {
        byte[] buf = new byte[65536];
        try {
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                in.receive(p);
                if (isFromA) {
                    a = (InetSocketAddress) p.getSocketAddress();
                    if (p.getLength() > 32 && buf[0] == 4) {
                        lastFromA.set(java.util.Arrays.copyOf(buf, p.getLength()));
                    }
                    synchronized (held) {
                        if (holding) {
                            held.add(java.util.Arrays.copyOf(buf, p.getLength()));
                            held.notifyAll();
                            continue;
                        }
                    }
                    toB.get().send(new DatagramPacket(buf, p.getLength(), b));
                } else if (a != null) {
                    fromA.send(new DatagramPacket(buf, p.getLength(), a));
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() {
        synchronized (all) {
            all.forEach(DatagramSocket::close);
        }
    }
}
