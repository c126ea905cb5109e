package io.throng.packet;

import java.net.InetAddress;

/**
 * An ICMP or ICMPv6 message as a raw ICMP socket delivers it, decoded for a prober (ping,
 * traceroute). {@code id} and {@code sequence} are the echo's (the raw rest-of-header words for other
 * types); {@code payloadOffset} is where the message's data starts in the array it was decoded from.
 * An error message (unreachable, time exceeded, parameter problem, packet too big) carries the
 * {@link Quoted} start of the packet that caused it; other messages carry null.
 *
 * <p>Decoding either returns or throws {@link MalformedPacketException}, like every decoder here.
 */
public record IcmpMessage(boolean v6, int type, int code, int id, int sequence, int payloadOffset, Quoted quoted) {
    /** What kind of answer a prober got; {@code OTHER} for the types a prober does not read. */
    public enum Kind { ECHO_REPLY, TIME_EXCEEDED, UNREACHABLE, OTHER_ERROR, OTHER }

    /**
     * The start of the packet an error quotes: its destination, its transport protocol, and the first
     * two 16-bit words of its transport header (UDP's source and destination ports, an echo's id and
     * sequence); {@code payloadOffset} is where the quoted transport's data starts (it may be at or past
     * the array's end when the router quoted no more than the 8 bytes RFC 792 asks for).
     */
    public record Quoted(InetAddress destination, int protocol, int type, int first, int second, int payloadOffset) {}

    private static final int PARAMETER_PROBLEM = 12, V6_UNREACHABLE = 1, V6_TOO_BIG = 2, V6_TIME_EXCEEDED = 3, V6_PARAMETER_PROBLEM = 4;

    /** Decodes an IPv4 packet (header included) carrying ICMP, as an AF_INET raw ICMP socket reads it. */
    public static IcmpMessage ofIpv4(byte[] packet) {
        Ipv4 ip = Ipv4.decode(packet, 0, packet.length);
        if (!(ip.transport() instanceof Icmp icmp)) {
            throw new MalformedPacketException("IPv4 protocol " + ip.protocol() + " is not ICMP");
        }
        int at = ip.headerLength(), end = ip.totalLength();
        boolean error = icmp.type() == Icmp.DESTINATION_UNREACHABLE || icmp.type() == Icmp.TIME_EXCEEDED || icmp.type() == PARAMETER_PROBLEM;
        return new IcmpMessage(false, icmp.type(), icmp.code(), icmp.id(), icmp.sequence(), at + 8,
                error ? quotedIpv4(packet, at + 8, end) : null);
    }

    /** Decodes an ICMPv6 message without its IPv6 header, as an AF_INET6 raw ICMPv6 socket reads it. */
    public static IcmpMessage ofIcmp6(byte[] message) {
        Bytes.need(message, 0, 8, message.length, "ICMPv6 message");
        Icmp6 icmp = Icmp6.decode(message, 0, message.length);
        boolean error = icmp.type() >= V6_UNREACHABLE && icmp.type() <= V6_PARAMETER_PROBLEM;
        return new IcmpMessage(true, icmp.type(), icmp.code(), icmp.id(), icmp.sequence(), 8,
                error ? quotedIpv6(message, 8, message.length) : null);
    }

    public Kind kind() {
        if (v6) {
            return switch (type) {
                case Icmp6.ECHO_REPLY -> Kind.ECHO_REPLY;
                case V6_TIME_EXCEEDED -> Kind.TIME_EXCEEDED;
                case V6_UNREACHABLE -> Kind.UNREACHABLE;
                case V6_TOO_BIG, V6_PARAMETER_PROBLEM -> Kind.OTHER_ERROR;
                default -> Kind.OTHER;
            };
        }
        return switch (type) {
            case Icmp.ECHO_REPLY -> Kind.ECHO_REPLY;
            case Icmp.TIME_EXCEEDED -> Kind.TIME_EXCEEDED;
            case Icmp.DESTINATION_UNREACHABLE -> Kind.UNREACHABLE;
            case PARAMETER_PROBLEM -> Kind.OTHER_ERROR;
            default -> Kind.OTHER;
        };
    }

    // A quoted header is cut short by design, so its lengths are not checked against what is present;
    // only the 8 transport bytes the prober matches on must be there.
    private static Quoted quotedIpv4(byte[] b, int off, int end) {
        Bytes.need(b, off, 20, end, "quoted IPv4 header");
        int version = Bytes.u8(b, off) >> 4, ihl = (Bytes.u8(b, off) & 0xf) * 4;
        if (version != 4 || ihl < 20) {
            throw new MalformedPacketException("quoted IPv4 header with version " + version + " and length " + ihl);
        }
        return quoted(b, Bytes.address(b, off + 16, 4), Bytes.u8(b, off + 9), off + ihl, end);
    }

    private static Quoted quotedIpv6(byte[] b, int off, int end) {
        Bytes.need(b, off, 40, end, "quoted IPv6 header");
        if (Bytes.u8(b, off) >> 4 != 6) {
            throw new MalformedPacketException("quoted IPv6 header with version " + (Bytes.u8(b, off) >> 4));
        }
        // probes carry no extension headers: the next header is the transport
        return quoted(b, Bytes.address(b, off + 24, 16), Bytes.u8(b, off + 6), off + 40, end);
    }

    private static Quoted quoted(byte[] b, InetAddress destination, int protocol, int start, int end) {
        Bytes.need(b, start, 8, end, "quoted transport header");
        int words = protocol == Ipv4.UDP ? start : start + 4; // UDP: the ports; ICMP echo: id and sequence
        return new Quoted(destination, protocol, Bytes.u8(b, start), Bytes.u16(b, words), Bytes.u16(b, words + 2), start + 8);
    }
}
