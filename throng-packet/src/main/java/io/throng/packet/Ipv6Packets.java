package io.throng.packet;

import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Crafts IPv6 packets (a fixed header, no extension headers) carrying UDP, an ICMPv6 echo request or any
 * other ICMPv6 message,
 * with the transport checksum computed over IPv6's pseudo-header (RFC 8200 8.1: both addresses, the
 * upper-layer length as 32 bits, the next header). What they build decodes with {@link Ethernet}'s
 * decoders and passes tshark's checksum validation (tested).
 *
 * <p>{@link #icmpEchoMessage} is the other path: the message alone with a zero checksum, for a raw
 * ICMPv6 socket, where the kernel always computes the checksum itself (it alone knows the source
 * address it will pick).
 */
public final class Ipv6Packets {
    private Ipv6Packets() {}

    public static byte[] udp(Inet6Address source, Inet6Address destination, int hopLimit, int sourcePort, int destinationPort, byte[] payload) {
        byte[] segment = Ipv4Packets.udpSegment(sourcePort, destinationPort, payload);
        Ipv4Packets.putUdpChecksum(segment, checksum(source, destination, Ipv4.UDP, segment));
        return ip(source, destination, hopLimit, Ipv4.UDP, segment);
    }

    public static byte[] icmpEcho(Inet6Address source, Inet6Address destination, int hopLimit, int id, int sequence, byte[] payload) {
        byte[] message = icmpEchoMessage(id, sequence, payload);
        Ipv4Packets.putShort(message, 2, checksum(source, destination, Ipv6.ICMPV6, message));
        return ip(source, destination, hopLimit, Ipv6.ICMPV6, message);
    }

    /**
     * An IPv6 packet carrying the ICMPv6 message {@code type}, {@code code}, checksum, then {@code body}
     * (for an error: its 32-bit field, such as Packet Too Big's MTU, and the quoted packet), with the
     * checksum over the pseudo-header.
     */
    public static byte[] icmp(Inet6Address source, Inet6Address destination, int hopLimit, int type, int code, byte[] body) {
        byte[] message = new byte[4 + body.length];
        message[0] = (byte) type;
        message[1] = (byte) code;
        System.arraycopy(body, 0, message, 4, body.length);
        Ipv4Packets.putShort(message, 2, checksum(source, destination, Ipv6.ICMPV6, message));
        return ip(source, destination, hopLimit, Ipv6.ICMPV6, message);
    }

    /** An ICMPv6 echo request without the IPv6 header and with a zero checksum, for a raw ICMPv6 socket (the kernel fills it). */
    public static byte[] icmpEchoMessage(int id, int sequence, byte[] payload) {
        return Ipv4Packets.echoMessage(Icmp6.ECHO_REQUEST, id, sequence, payload);
    }

    /** The checksum of an upper-layer message over IPv6's pseudo-header. */
    static int checksum(Inet6Address source, Inet6Address destination, int nextHeader, byte[] message) {
        byte[] s = source.getAddress(), d = destination.getAddress();
        long pseudo = (long) message.length + nextHeader;
        for (int i = 0; i < 16; i += 2) {
            pseudo += ((s[i] & 0xff) << 8 | s[i + 1] & 0xff) + ((d[i] & 0xff) << 8 | d[i + 1] & 0xff);
        }
        return Ipv4Packets.checksum(message, 0, message.length, pseudo);
    }

    private static byte[] ip(Inet6Address source, Inet6Address destination, int hopLimit, int nextHeader, byte[] payload) {
        if (hopLimit < 0 || hopLimit > 255) {
            throw new IllegalArgumentException("hop limit " + hopLimit + " outside 0..255");
        }
        if (payload.length > 65535) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds IPv6's 65535 (no jumbograms)");
        }
        ByteBuffer p = ByteBuffer.allocate(40 + payload.length);
        p.putInt(6 << 28).putShort((short) payload.length).put((byte) nextHeader).put((byte) hopLimit)
                .put(source.getAddress()).put(destination.getAddress()).put(payload);
        return p.array();
    }
}
