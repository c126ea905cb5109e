package io.throng.packet;

import java.net.InetAddress;

/** An IPv4 packet. {@code transport} is decoded from the first fragment only; later fragments are {@link OtherTransport}. */
public record Ipv4(int headerLength, int tos, int totalLength, int id, boolean dontFragment, boolean moreFragments,
        int fragmentOffset, int ttl, int protocol, int checksum, InetAddress source, InetAddress destination,
        Transport transport) implements Network {
    public static final int ICMP = 1, TCP = 6, UDP = 17;

    static Ipv4 decode(byte[] b, int off, int end) {
        Bytes.need(b, off, 20, end, "IPv4 header");
        int version = Bytes.u8(b, off) >> 4, ihl = (Bytes.u8(b, off) & 0xf) * 4;
        if (version != 4) {
            throw new MalformedPacketException("IPv4 header with version " + version);
        }
        if (ihl < 20) {
            throw new MalformedPacketException("IPv4 header length " + ihl + " below 20");
        }
        int total = Bytes.u16(b, off + 2);
        if (total < ihl) {
            throw new MalformedPacketException("IPv4 total length " + total + " below its header length " + ihl);
        }
        Bytes.need(b, off, total, end, "IPv4 packet");
        int flags = Bytes.u16(b, off + 6), fragOffset = (flags & 0x1fff) * 8, protocol = Bytes.u8(b, off + 9);
        int start = off + ihl, stop = off + total; // Ethernet pads short frames: stop at the total length
        Transport transport = fragOffset != 0
                ? new OtherTransport(protocol, stop - start, true)
                : switch (protocol) {
                    case TCP -> Tcp.decode(b, start, stop);
                    case UDP -> Udp.decode(b, start, stop, (flags & 0x2000) != 0);
                    case ICMP -> Icmp.decode(b, start, stop);
                    default -> new OtherTransport(protocol, stop - start, false);
                };
        return new Ipv4(ihl, Bytes.u8(b, off + 1), total, Bytes.u16(b, off + 4), (flags & 0x4000) != 0, (flags & 0x2000) != 0,
                fragOffset, Bytes.u8(b, off + 8), protocol, Bytes.u16(b, off + 10),
                Bytes.address(b, off + 12, 4), Bytes.address(b, off + 16, 4), transport);
    }
}
