package io.throng.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP upstream for the tests: records every datagram with the time it arrived and, if asked, echoes
 * it back to its sender.
 */
final class UdpPeer implements AutoCloseable {
    record Arrival(byte[] data, long at) {
        /** The sequence number the tests put in the first 8 bytes. */
        long seq() {
            return ByteBuffer.wrap(data).getLong();
        }
    }

    private final DatagramChannel ch;
    private final boolean echo;
    final LinkedBlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final AtomicLong bytes = new AtomicLong();

    UdpPeer(boolean echo) throws IOException {
        this.echo = echo;
        ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().name("udp-peer").start(this::run);
    }

    String address() throws IOException {
        return Addresses.format((InetSocketAddress) ch.getLocalAddress());
    }

    /** Bytes received so far. */
    long bytes() {
        return bytes.get();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(UdpRelay.MAX_DATAGRAM);
        while (true) {
            buf.clear();
            try {
                SocketAddress from = ch.receive(buf);
                byte[] data = Arrays.copyOf(buf.array(), buf.position());
                arrivals.add(new Arrival(data, System.nanoTime()));
                bytes.addAndGet(data.length);
                if (echo) {
                    ch.send(ByteBuffer.wrap(data), from);
                }
            } catch (IOException e) {
                if (!ch.isOpen()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
