package io.throng.packet;

import java.net.InetAddress;

/**
 * An IPv6 packet. Hop-by-hop, routing, destination-options and fragment headers are skipped to find
 * the transport; {@code protocol} is the last next-header value (the transport's).
 */
public record Ipv6(int trafficClass, int flowLabel, int payloadLength, int hopLimit, int protocol,
        InetAddress source, InetAddress destination, Transport transport) implements Network {
    public static final int ICMPV6 = 58;
    private static final int HOP_BY_HOP = 0, ROUTING = 43, FRAGMENT = 44, DESTINATION = 60;

    static Ipv6 decode(byte[] b, int off, int end) {
        Bytes.need(b, off, 40, end, "IPv6 header");
        long first = Bytes.u32(b, off);
        if (first >>> 28 != 6) {
            throw new MalformedPacketException("IPv6 header with version " + (first >>> 28));
        }
        int payload = Bytes.u16(b, off + 4), next = Bytes.u8(b, off + 6);
        Bytes.need(b, off + 40, payload, end, "IPv6 payload");
        int at = off + 40, stop = off + 40 + payload;
        boolean laterFragment = false, fragmented = false;
        while (next == HOP_BY_HOP || next == ROUTING || next == DESTINATION || next == FRAGMENT) {
            Bytes.need(b, at, 8, stop, "IPv6 extension header");
            int len = next == FRAGMENT ? 8 : (Bytes.u8(b, at + 1) + 1) * 8;
            fragmented |= next == FRAGMENT;
            if (next == FRAGMENT && (Bytes.u16(b, at + 2) & 0xfff8) != 0) {
                laterFragment = true;
            }
            Bytes.need(b, at, len, stop, "IPv6 extension header");
            next = Bytes.u8(b, at);
            at += len;
            if (laterFragment) {
                break;
            }
        }
        Transport transport = laterFragment
                ? new OtherTransport(next, stop - at, true)
                : switch (next) {
                    case Ipv4.TCP -> Tcp.decode(b, at, stop);
                    case Ipv4.UDP -> Udp.decode(b, at, stop, fragmented);
                    case ICMPV6 -> Icmp6.decode(b, at, stop);
                    default -> new OtherTransport(next, stop - at, false);
                };
        return new Ipv6((int) (first >>> 20) & 0xff, (int) first & 0xfffff, payload, Bytes.u8(b, off + 7), next,
                Bytes.address(b, off + 8, 16), Bytes.address(b, off + 24, 16), transport);
    }
}
