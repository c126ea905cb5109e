package io.throng.packet.tunnel;

import io.throng.packet.Ipv6Packets;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * IPv6's answer to a packet the device handed over above the tunnel's MTU: ICMPv6 "Packet Too Big"
 * (type 2, code 0, RFC 4443 3.2) with the tunnel's MTU, written back into the device so the sender's
 * kernel lowers its path MTU (IPv6 routers never fragment; without this answer the packets would vanish).
 * Like {@link TooBig} for IPv4, its source is the oversize packet's destination, an address beyond the
 * tunnel, and it quotes as much of the packet as fits in IPv6's minimum MTU of 1280.
 *
 * <p>No answer (RFC 4443 2.4 e) to an unspecified or multicast source, nor about an ICMPv6 error (types
 * below 128), also when the error sits behind hop-by-hop, routing or destination options headers; a
 * fragment other than the first of an ICMPv6 message gets none either, since its type is not in it.
 */
final class TooBig6 {
    static final int PACKET_TOO_BIG = 2, MIN_MTU = 1280;
    private static final int ICMPV6 = 58, HOP_BY_HOP = 0, ROUTING = 43, FRAGMENT = 44, DESTINATION_OPTIONS = 60;

    private TooBig6() {}

    /** The ICMPv6 error (a whole IPv6 packet) for {@code packet[0, length)}, or null when none is due. */
    static byte[] answer(byte[] packet, int length, int mtu) {
        if (length < 40 || (packet[0] & 0xf0) != 0x60 || packet[8] == (byte) 0xff || unspecified(packet, 8) || aboutAnError(packet, length)) {
            return null;
        }
        byte[] body = new byte[4 + Math.min(length, MIN_MTU - 48)];
        body[0] = (byte) (mtu >>> 24);
        body[1] = (byte) (mtu >>> 16);
        body[2] = (byte) (mtu >>> 8);
        body[3] = (byte) mtu;
        System.arraycopy(packet, 0, body, 4, body.length - 4);
        return Ipv6Packets.icmp(address(packet, 24), address(packet, 8), 64, PACKET_TOO_BIG, 0, body);
    }

    /** Whether the packet is (or may be) an ICMPv6 error, following the extension headers that can precede it. */
    private static boolean aboutAnError(byte[] packet, int length) {
        int next = packet[6] & 0xff, at = 40;
        while (next == HOP_BY_HOP || next == ROUTING || next == DESTINATION_OPTIONS || next == FRAGMENT) {
            if (at + 8 > length) {
                return true; // cut short inside its headers: no telling, so no answer
            }
            int following = packet[at] & 0xff;
            if (next == FRAGMENT) {
                boolean first = ((packet[at + 2] & 0xff) << 8 | packet[at + 3] & 0xf8) == 0;
                if (!first) {
                    return following == ICMPV6;
                }
                at += 8;
            } else {
                at += ((packet[at + 1] & 0xff) + 1) * 8;
            }
            next = following;
        }
        if (next != ICMPV6) {
            return false;
        }
        return at >= length || (packet[at] & 0xff) < 128;
    }

    private static boolean unspecified(byte[] packet, int off) {
        for (int i = off; i < off + 16; i++) {
            if (packet[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet6Address address(byte[] packet, int off) {
        try {
            // not InetAddress.getByAddress: it turns an IPv4-mapped address into an Inet4Address
            return Inet6Address.getByAddress(null, Arrays.copyOfRange(packet, off, off + 16), -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
    }
}
