package io.throng.packet.capture;

import java.io.Closeable;
import java.io.IOException;

/**
 * Sends whole IPv6 packets, header included, as built by {@link io.throng.packet.Ipv6Packets}: an
 * AF_INET6 raw socket with IPPROTO_RAW, which Linux treats as IPV6_HDRINCL. Unlike IPv4 the kernel
 * fills in nothing: the payload length and every checksum are the builder's. Routing picks the
 * interface from the destination. Linux only; needs CAP_NET_RAW. One thread at a time.
 */
public final class RawIpv6Socket implements Closeable {
    private final RawSender sender;

    private RawIpv6Socket() throws IOException {
        sender = new RawSender(true);
    }

    public static RawIpv6Socket open() throws IOException {
        return new RawIpv6Socket();
    }

    /** Sends {@code packet} (an IPv6 packet from its first header byte) to the destination in its header. */
    public void send(byte[] packet) throws IOException {
        if (packet.length < 40 || packet.length > 65535 + 40 || (packet[0] & 0xf0) != 0x60) {
            throw new IllegalArgumentException("not an IPv6 packet: " + packet.length + " bytes");
        }
        sender.send(packet);
    }

    @Override
    public void close() {
        sender.close();
    }
}
