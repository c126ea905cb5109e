package io.throng.packet;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One line per frame, in the spirit of tcpdump's: UTC time of day with microseconds, the protocol, the
 * addresses and ports, TCP flags, the payload and frame lengths. A frame that does not decode says why
 * instead; printing never throws.
 */
public final class Summary {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private Summary() {}

    /** The line for {@code frame} (an Ethernet frame of {@code originalLength} bytes on the wire) captured at {@code when}. */
    public static String line(Instant when, int originalLength, byte[] frame) {
        String body;
        try {
            body = describe(Ethernet.decode(frame));
        } catch (MalformedPacketException e) {
            body = "malformed: " + e.getMessage();
        }
        return TIME.format(when) + " " + body + ", frame " + originalLength;
    }

    static String describe(Ethernet e) {
        return switch (e.payload()) {
            case Ipv4 ip -> "IP " + transport(ip.source(), ip.destination(), ip.transport()) + ", ttl " + ip.ttl();
            case Ipv6 ip -> "IP6 " + transport(ip.source(), ip.destination(), ip.transport()) + ", hlim " + ip.hopLimit();
            case Arp arp -> arp.operation() == Arp.REQUEST
                    ? "ARP who-has " + arp.targetIp().getHostAddress() + " tell " + arp.senderIp().getHostAddress()
                    : arp.operation() == Arp.REPLY
                        ? "ARP reply " + arp.senderIp().getHostAddress() + " is-at " + arp.senderMac()
                        : "ARP op " + arp.operation();
            case OtherNetwork other -> String.format("%s > %s ethertype 0x%04x, length %d", e.source(), e.destination(),
                    other.etherType(), other.length());
        };
    }

    private static String transport(InetAddress src, InetAddress dst, Transport t) {
        return switch (t) {
            case Tcp tcp -> endpoint(src, tcp.sourcePort()) + " > " + endpoint(dst, tcp.destinationPort()) + ": TCP ["
                    + tcp.flagString() + "] seq " + tcp.sequence() + " ack " + tcp.acknowledgment() + " win " + tcp.window()
                    + " len " + tcp.payloadLength();
            case Udp udp -> endpoint(src, udp.sourcePort()) + " > " + endpoint(dst, udp.destinationPort()) + ": UDP len " + udp.payloadLength();
            case Icmp icmp -> src.getHostAddress() + " > " + dst.getHostAddress() + ": ICMP " + icmpName(icmp)
                    + " len " + icmp.payloadLength();
            case Icmp6 icmp -> src.getHostAddress() + " > " + dst.getHostAddress() + ": ICMP6 " + icmp6Name(icmp)
                    + " len " + icmp.payloadLength();
            case OtherTransport o -> src.getHostAddress() + " > " + dst.getHostAddress() + ": "
                    + (o.fragment() ? "fragment of proto " : "proto ") + o.protocol() + " len " + o.length();
        };
    }

    private static String endpoint(InetAddress a, int port) {
        return a instanceof Inet6Address ? "[" + a.getHostAddress() + "]:" + port : a.getHostAddress() + ":" + port;
    }

    private static String icmpName(Icmp i) {
        return switch (i.type()) {
            case Icmp.ECHO_REQUEST -> "echo request id " + i.id() + " seq " + i.sequence();
            case Icmp.ECHO_REPLY -> "echo reply id " + i.id() + " seq " + i.sequence();
            case Icmp.DESTINATION_UNREACHABLE -> "unreachable code " + i.code();
            case Icmp.TIME_EXCEEDED -> "time exceeded code " + i.code();
            default -> "type " + i.type() + " code " + i.code();
        };
    }

    private static String icmp6Name(Icmp6 i) {
        return switch (i.type()) {
            case Icmp6.ECHO_REQUEST -> "echo request id " + i.id() + " seq " + i.sequence();
            case Icmp6.ECHO_REPLY -> "echo reply id " + i.id() + " seq " + i.sequence();
            case Icmp6.NEIGHBOR_SOLICITATION -> "neighbor solicitation";
            case Icmp6.NEIGHBOR_ADVERTISEMENT -> "neighbor advertisement";
            default -> "type " + i.type() + " code " + i.code();
        };
    }
}
