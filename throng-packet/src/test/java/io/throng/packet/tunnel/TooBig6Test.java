package io.throng.packet.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.throng.packet.Ipv4Packets;
import io.throng.packet.Ipv6Packets;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The ICMPv6 "Packet Too Big" answer to an oversize IPv6 packet, and the packets that must get none. */
class TooBig6Test {
    private static final Inet6Address A = ip("fd00:9::1"), B = ip("fd00:9::2");

    @Test
    void anOversizeUdpPacketGetsPacketTooBigFromItsDestinationWithTheMtuAndAValidChecksum() {
        byte[] packet = Ipv6Packets.udp(A, B, 64, 40000, 9, new byte[1500]);
        byte[] out = TooBig6.answer(packet, packet.length, 1400);
        assertNotNull(out);
        assertEquals(1280, out.length, "as much of the packet as fits in IPv6's minimum MTU");
        assertEquals(0x60, out[0] & 0xf0);
        assertEquals(out.length - 40, (out[4] & 0xff) << 8 | out[5] & 0xff, "payload length");
        assertEquals(58, out[6], "next header ICMPv6");
        assertArrayEquals(B.getAddress(), Arrays.copyOfRange(out, 8, 24), "from the packet's destination");
        assertArrayEquals(A.getAddress(), Arrays.copyOfRange(out, 24, 40), "to its source");
        assertEquals(2, out[40], "type Packet Too Big");
        assertEquals(0, out[41], "code 0");
        assertEquals(1400, (out[44] & 0xff) << 24 | (out[45] & 0xff) << 16 | (out[46] & 0xff) << 8 | out[47] & 0xff);
        assertArrayEquals(Arrays.copyOf(packet, 1280 - 48), Arrays.copyOfRange(out, 48, 1280), "the packet quoted from its start");
        assertEquals(0, pseudoHeaderSum(out), "ICMPv6 checksum over the pseudo-header");

        byte[] small = Ipv6Packets.udp(A, B, 64, 40000, 9, new byte[100]); // a short packet is quoted whole
        assertEquals(48 + small.length, TooBig6.answer(small, small.length, 100).length);
    }

    @Test
    void noAnswerToMulticastOrUnspecifiedSourcesIcmpv6ErrorsLaterFragmentsIpv4OrATruncatedPacket() {
        byte[] multicast = Ipv6Packets.udp(ip("ff02::1"), B, 64, 40000, 9, new byte[1500]);
        assertNull(TooBig6.answer(multicast, multicast.length, 1400));
        byte[] unspecified = Ipv6Packets.udp(ip("::"), B, 64, 40000, 9, new byte[1500]);
        assertNull(TooBig6.answer(unspecified, unspecified.length, 1400));

        byte[] error = Ipv6Packets.icmp(A, B, 64, 1, 4, new byte[1500]); // destination unreachable: an error
        assertNull(TooBig6.answer(error, error.length, 1400));
        byte[] tooBig = Ipv6Packets.icmp(A, B, 64, 2, 0, new byte[1500]);
        assertNull(TooBig6.answer(tooBig, tooBig.length, 1400));
        byte[] echo = Ipv6Packets.icmpEcho(A, B, 64, 7, 1, new byte[1500]); // an echo request is no error: answered
        assertNotNull(TooBig6.answer(echo, echo.length, 1400));

        byte[] behindOptions = withExtension(error, 0, new byte[] {0, 0, 1, 4, 0, 0, 0, 0}); // hop-by-hop, PadN
        assertNull(TooBig6.answer(behindOptions, behindOptions.length, 1400));
        byte[] echoBehindOptions = withExtension(echo, 60, new byte[] {0, 0, 1, 4, 0, 0, 0, 0}); // destination options
        assertNotNull(TooBig6.answer(echoBehindOptions, echoBehindOptions.length, 1400));
        byte[] laterFragment = withExtension(echo, 44, new byte[] {0, 0, 0x05, (byte) 0xa8, 0, 0, 0, 1}); // offset 181 x 8
        assertNull(TooBig6.answer(laterFragment, laterFragment.length, 1400), "its type is in the first fragment only");
        byte[] firstFragment = withExtension(echo, 44, new byte[] {0, 0, 0, 1, 0, 0, 0, 1}); // offset 0, more fragments
        assertNotNull(TooBig6.answer(firstFragment, firstFragment.length, 1400));

        byte[] v4 = Ipv4Packets.udp((java.net.Inet4Address) ip4("10.9.0.1"), (java.net.Inet4Address) ip4("10.9.0.2"), 64, 1, 9, new byte[1500]);
        assertNull(TooBig6.answer(v4, v4.length, 1400));
        assertNull(TooBig6.answer(Arrays.copyOf(echo, 39), 39, 1400), "shorter than an IPv6 header");
        byte[] cut = Arrays.copyOf(behindOptions, 44);
        assertNull(TooBig6.answer(cut, cut.length, 1400), "cut short inside its extension header: no telling");
    }

    /** {@code packet} with an extension header of type {@code type} inserted after the fixed header. */
    private static byte[] withExtension(byte[] packet, int type, byte[] header) {
        byte[] out = new byte[packet.length + header.length];
        System.arraycopy(packet, 0, out, 0, 40);
        System.arraycopy(header, 0, out, 40, header.length);
        System.arraycopy(packet, 40, out, 40 + header.length, packet.length - 40);
        out[40] = packet[6]; // the extension's next header: what the packet carried
        out[6] = (byte) type;
        int payload = out.length - 40;
        out[4] = (byte) (payload >>> 8);
        out[5] = (byte) payload;
        return out;
    }

    /** The one's-complement sum of the pseudo-header and the ICMPv6 message, complemented: 0 when the checksum is right. */
    private static int pseudoHeaderSum(byte[] p) {
        long sum = 0;
        for (int i = 8; i < 40; i += 2) {
            sum += (p[i] & 0xff) << 8 | p[i + 1] & 0xff;
        }
        int length = p.length - 40;
        sum += length + 58;
        for (int i = 40; i < p.length; i += 2) {
            sum += (p[i] & 0xff) << 8 | (i + 1 < p.length ? p[i + 1] & 0xff : 0);
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static Inet6Address ip(String s) {
        try {
            return (Inet6Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress ip4(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
