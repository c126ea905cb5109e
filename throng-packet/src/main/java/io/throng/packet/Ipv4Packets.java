package io.throng.packet;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * Crafts IPv4 packets (header without options, DF set) carrying UDP, TCP or an ICMP echo request, with
 * every checksum filled in: the IPv4 header's, and the transport's over its pseudo-header. What they
 * build decodes with {@link Ethernet}'s decoders and passes tshark's checksum validation (tested).
 */
public final class Ipv4Packets {
    private Ipv4Packets() {}

    public static byte[] udp(Inet4Address source, Inet4Address destination, int ttl, int sourcePort, int destinationPort, byte[] payload) {
        byte[] segment = udpSegment(sourcePort, destinationPort, payload);
        putUdpChecksum(segment, transportChecksum(source, destination, Ipv4.UDP, segment));
        return ip(source, destination, ttl, Ipv4.UDP, segment);
    }

    /** A UDP header and payload with a zero checksum, for either IP version. */
    static byte[] udpSegment(int sourcePort, int destinationPort, byte[] payload) {
        if (8 + payload.length > 65535) {
            throw new IllegalArgumentException("UDP payload of " + payload.length + " bytes exceeds 65527");
        }
        ByteBuffer u = ByteBuffer.allocate(8 + payload.length);
        u.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        return u.array();
    }

    static void putUdpChecksum(byte[] segment, int sum) {
        putShort(segment, 6, sum == 0 ? 0xffff : sum); // 0 means "no checksum" in UDP (and is forbidden over IPv6)
    }

    public static byte[] tcp(Inet4Address source, Inet4Address destination, int ttl, int sourcePort, int destinationPort,
            long sequence, long acknowledgment, int flags, int window, byte[] payload) {
        ByteBuffer t = ByteBuffer.allocate(20 + payload.length);
        t.putShort((short) sourcePort).putShort((short) destinationPort).putInt((int) sequence).putInt((int) acknowledgment)
                .put((byte) (5 << 4)).put((byte) flags).putShort((short) window).putShort((short) 0).putShort((short) 0).put(payload);
        byte[] segment = t.array();
        putShort(segment, 16, transportChecksum(source, destination, Ipv4.TCP, segment));
        return ip(source, destination, ttl, Ipv4.TCP, segment);
    }

    public static byte[] icmpEcho(Inet4Address source, Inet4Address destination, int ttl, int id, int sequence, byte[] payload) {
        return ip(source, destination, ttl, Ipv4.ICMP, icmpEchoMessage(id, sequence, payload));
    }

    /**
     * An ICMP echo request without the IP header, its checksum filled in: what a raw ICMP socket sends
     * (on IPv4 the kernel adds the header but leaves the ICMP checksum to the sender).
     */
    public static byte[] icmpEchoMessage(int id, int sequence, byte[] payload) {
        byte[] message = echoMessage(Icmp.ECHO_REQUEST, id, sequence, payload);
        putShort(message, 2, checksum(message, 0, message.length, 0));
        return message;
    }

    /** An echo request of either ICMP version with a zero checksum: type, code 0, id, sequence, payload. */
    static byte[] echoMessage(int type, int id, int sequence, byte[] payload) {
        if (8 + payload.length > 65535) {
            throw new IllegalArgumentException("echo payload of " + payload.length + " bytes exceeds 65527");
        }
        ByteBuffer m = ByteBuffer.allocate(8 + payload.length);
        m.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) sequence).put(payload);
        return m.array();
    }

    /** The Internet checksum (RFC 1071) of {@code len} bytes at {@code off}, starting from a partial sum. */
    public static int checksum(byte[] b, int off, int len, long partial) {
        long sum = partial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += (b[off + i] & 0xff) << 8 | b[off + i + 1] & 0xff;
        }
        if ((len & 1) != 0) {
            sum += (b[off + len - 1] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) ~sum & 0xffff;
    }

    private static int transportChecksum(Inet4Address src, Inet4Address dst, int protocol, byte[] segment) {
        byte[] s = src.getAddress(), d = dst.getAddress();
        long pseudo = ((s[0] & 0xff) << 8 | s[1] & 0xff) + ((s[2] & 0xff) << 8 | s[3] & 0xff)
                + ((d[0] & 0xff) << 8 | d[1] & 0xff) + ((d[2] & 0xff) << 8 | d[3] & 0xff) + protocol + segment.length;
        return checksum(segment, 0, segment.length, pseudo);
    }

    private static byte[] ip(Inet4Address source, Inet4Address destination, int ttl, int protocol, byte[] payload) {
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("ttl " + ttl + " outside 1..255");
        }
        if (20 + payload.length > 65535) {
            throw new IllegalArgumentException("packet of " + (20 + payload.length) + " bytes exceeds IPv4's 65535");
        }
        ByteBuffer p = ByteBuffer.allocate(20 + payload.length);
        p.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) ttl).put((byte) protocol).putShort((short) 0).put(source.getAddress()).put(destination.getAddress()).put(payload);
        byte[] packet = p.array();
        putShort(packet, 10, checksum(packet, 0, 20, 0));
        return packet;
    }

    static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }
}
