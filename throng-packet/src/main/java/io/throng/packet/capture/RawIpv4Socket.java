package io.throng.packet.capture;

import java.io.Closeable;
import java.io.IOException;

/**
 * Sends whole IPv4 packets, header included, as built by {@link io.throng.packet.Ipv4Packets}: an
 * AF_INET raw socket with IPPROTO_RAW (the kernel adds nothing but fills a zero id; routing picks the
 * interface from the destination). Linux only; needs CAP_NET_RAW. One thread at a time.
 */
public final class RawIpv4Socket implements Closeable {
    private final RawSender sender;

    private RawIpv4Socket() throws IOException {
        sender = new RawSender(false);
    }

    public static RawIpv4Socket open() throws IOException {
        return new RawIpv4Socket();
    }

    /** Sends {@code packet} (an IPv4 packet from its first header byte) to the destination in its header. */
    public void send(byte[] packet) throws IOException {
        if (packet.length < 20 || packet.length > 65535 || (packet[0] & 0xf0) != 0x40) {
            throw new IllegalArgumentException("not an IPv4 packet: " + packet.length + " bytes");
        }
        sender.send(packet);
    }

    @Override
    public void close() {
        sender.close();
    }
}
