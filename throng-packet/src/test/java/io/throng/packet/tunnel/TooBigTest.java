package io.throng.packet.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.throng.packet.Ipv4Packets;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The ICMP "fragmentation needed" answer to an oversize packet, and the packets that must get none. */
class TooBigTest {
    private static final Inet4Address A = ip("10.9.0.1"), B = ip("10.9.0.2");

    @Test
    void aDfUdpPacketAboveTheMtuGetsFragmentationNeededFromItsDestination() {
        byte[] packet = Ipv4Packets.udp(A, B, 64, 40000, 9, new byte[1500]);
        assertEquals(0x40, packet[6] & 0x40, "DF, as a path-MTU-discovering sender sets it");
        byte[] out = new byte[TooBig.MAX_ANSWER];
        int n = TooBig.answer(packet, packet.length, 1420, out);
        assertEquals(20 + 8 + 20 + 8, n);
        assertEquals(0, Ipv4Packets.checksum(out, 0, 20, 0), "IPv4 header checksum");
        assertEquals(0, Ipv4Packets.checksum(out, 20, n - 20, 0), "ICMP checksum");
        assertEquals(n, (out[2] & 0xff) << 8 | out[3] & 0xff);
        assertEquals(1, out[9]);
        assertArrayEquals(B.getAddress(), Arrays.copyOfRange(out, 12, 16));
        assertArrayEquals(A.getAddress(), Arrays.copyOfRange(out, 16, 20));
        assertEquals(3, out[20]);
        assertEquals(4, out[21]);
        assertEquals(1420, (out[26] & 0xff) << 8 | out[27] & 0xff);
        assertArrayEquals(Arrays.copyOf(packet, 28), Arrays.copyOfRange(out, 28, 56)); // the header and 8 bytes quoted
    }

    @Test
    void noAnswerWithoutDfForLaterFragmentsIcmpErrorsIpv6OrAMulticastSource() {
        byte[] out = new byte[TooBig.MAX_ANSWER];
        byte[] noDf = Ipv4Packets.udp(A, B, 64, 40000, 9, new byte[1500]);
        noDf[6] = 0; // Ipv4Packets sets DF; without it the kernel would have fragmented the packet itself
        assertEquals(0, TooBig.answer(noDf, noDf.length, 1420, out));

        byte[] error = Ipv4Packets.udp(A, B, 64, 40000, 9, new byte[1500]);
        error[9] = 1;
        error[20] = 3; // an ICMP error itself
        assertEquals(0, TooBig.answer(error, error.length, 1420, out));
        error[20] = 8; // an echo request is answered
        assertEquals(56, TooBig.answer(error, error.length, 1420, out));

        byte[] later = Ipv4Packets.udp(A, B, 64, 40000, 9, new byte[1500]);
        later[6] = 0x40;
        later[7] = 1; // fragment offset 8
        assertEquals(0, TooBig.answer(later, later.length, 1420, out));

        byte[] multicast = Ipv4Packets.udp(ip("224.0.0.9"), B, 64, 40000, 9, new byte[1500]);
        assertEquals(0, TooBig.answer(multicast, multicast.length, 1420, out));

        byte[] v6 = new byte[1500];
        v6[0] = 0x60;
        assertEquals(0, TooBig.answer(v6, v6.length, 1420, out));
        assertEquals(0, TooBig.answer(new byte[10], 10, 1420, out)); // truncated
    }

    private static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
