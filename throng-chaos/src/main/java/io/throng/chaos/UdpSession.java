package io.throng.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

/**
 * One client of a UDP proxy, known by its address and port: the socket connected to the upstream that
 * carries its datagrams (so the upstream's replies come back to it alone), which toxics affect it, and
 * each direction's toxic state. Its own thread receives the upstream's replies.
 */
final class UdpSession {
    final InetSocketAddress client;
    final DatagramChannel upstream;
    final Draws draws;
    /** Touched only by the relay's receiving thread. */
    final DatagramToxics up = new DatagramToxics();
    /** Touched only by this session's thread. */
    final DatagramToxics down = new DatagramToxics();
    private volatile long lastActive = System.nanoTime();

    UdpSession(InetSocketAddress client, DatagramChannel upstream) {
        this.client = client;
        this.upstream = upstream;
        this.draws = new Draws(client.getAddress());
    }

    void start(UdpRelay relay, String name) {
        Thread.ofVirtual().name(name).start(() -> receive(relay));
    }

    void touch() {
        lastActive = System.nanoTime();
    }

    long lastActive() {
        return lastActive;
    }

    void close() {
        Addresses.closeQuietly(upstream);
    }

    private void receive(UdpRelay relay) {
        ByteBuffer buf = ByteBuffer.allocate(UdpRelay.MAX_DATAGRAM);
        while (true) {
            buf.clear();
            try {
                upstream.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!upstream.isOpen()) {
                    return;
                }
                continue; // an ICMP error for an earlier datagram: UDP goes on
            }
            relay.forward(this, Direction.DOWNSTREAM, Arrays.copyOf(buf.array(), buf.position()));
        }
    }
}
