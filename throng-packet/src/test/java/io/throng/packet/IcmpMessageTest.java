package io.throng.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a raw ICMP socket hands over, decoded: an echo reply, a time exceeded quoting a UDP probe; and
 * on hostile input (random bytes, every truncation, flipped bytes) nothing but MalformedPacketException.
 */
class IcmpMessageTest {
    private static final Inet4Address A = (Inet4Address) InetAddress.ofLiteral("10.21.1.1"), C = (Inet4Address) InetAddress.ofLiteral("10.21.2.2");

    /** A time exceeded from a router, quoting the first 28 bytes of a UDP probe A→C from port 40000 to 33435. */
    static byte[] timeExceeded() {
        byte[] probe = Ipv4Packets.udp(A, C, 1, 40000, 33435, new byte[] {9, 9, 9, 9});
        byte[] message = ByteBuffer.allocate(8 + 28).put((byte) 11).put((byte) 0).putInt(0).putShort((short) 0).put(probe, 0, 28).array();
        return ByteBuffer.allocate(20 + message.length).put((byte) 0x45).put((byte) 0).putShort((short) (20 + message.length)).putInt(0)
                .put((byte) 64).put((byte) 1).putShort((short) 0).put(InetAddress.ofLiteral("10.21.1.2").getAddress()).put(A.getAddress()).put(message).array();
    }

    @Test
    void anErrorNamesTheProbeItQuotes() {
        IcmpMessage m = IcmpMessage.ofIpv4(timeExceeded());
        assertEquals(IcmpMessage.Kind.TIME_EXCEEDED, m.kind());
        assertEquals(new IcmpMessage.Quoted(C, Ipv4.UDP, 40000 >> 8, 40000, 33435, 56), m.quoted());
    }

    @Test
    void anEchoReplyCarriesItsIdSequenceAndWhereItsDataStarts() {
        byte[] reply = Ipv4Packets.icmpEcho(C, A, 63, 0x1234, 5, new byte[] {1, 2, 3});
        reply[20] = 0; // an echo request turned reply (the checksum is not the decoder's business)
        IcmpMessage m = IcmpMessage.ofIpv4(reply);
        assertEquals(new IcmpMessage(false, 0, 0, 0x1234, 5, 28, null), m);
        byte[] six = Arrays.copyOfRange(Ipv6Packets.icmpEchoMessage(0x1234, 5, new byte[] {1}), 0, 9);
        six[0] = (byte) Icmp6.ECHO_REPLY;
        IcmpMessage m6 = IcmpMessage.ofIcmp6(six);
        assertEquals(IcmpMessage.Kind.ECHO_REPLY, m6.kind());
        assertNull(m6.quoted());
    }

    @Test
    void hostileBytesOnlyEverThrowTheDecodersOwnError() {
        Random random = new Random(21);
        byte[] real = timeExceeded();
        for (int n = 0; n <= real.length; n++) {
            decodeBoth(Arrays.copyOf(real, n));
        }
        for (int i = 0; i < 20_000; i++) {
            byte[] b = random.nextBoolean() ? real.clone() : new byte[random.nextInt(80)];
            if (b.length > 0) {
                for (int k = random.nextInt(4); k >= 0; k--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            decodeBoth(b);
        }
    }

    private static void decodeBoth(byte[] b) {
        try {
            IcmpMessage.ofIpv4(b);
        } catch (MalformedPacketException expected) {
            // the one error allowed
        }
        try {
            IcmpMessage.ofIcmp6(b);
        } catch (MalformedPacketException expected) {
            // the one error allowed
        }
    }
}
