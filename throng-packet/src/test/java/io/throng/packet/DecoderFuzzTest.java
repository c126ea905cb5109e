package io.throng.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decoders on hostile input: random bytes, every truncation of real frames, and bytes flipped in them. */
public class DecoderFuzzTest {
    /** A TCP SYN from 10.7.0.1:40000 to 10.7.0.2:80, with options, as Linux sends it. */
    public static final byte[] TCP_SYN = HexFormat.of().parseHex(
            "0a0000000002" + "0a0000000001" + "0800"
            + "4500003c1c4640004006" + "0a7a" + "0a070001" + "0a070002"
            + "9c400050" + "00000001" + "00000000" + "a002faf0" + "00000000"
            + "020405b40402080a0000000000000000" + "01030307");
    /** An ICMPv6 echo request ::1 to ::2 with 4 bytes of data. */
    public static final byte[] ICMP6_ECHO = HexFormat.of().parseHex(
            "0a0000000002" + "0a0000000001" + "86dd"
            + "60000000000c3a40" + "00000000000000000000000000000001" + "00000000000000000000000000000002"
            + "80000000" + "12340001" + "61626364");
    /** An ARP request: who has 10.7.0.2, tell 10.7.0.1. */
    public static final byte[] ARP_REQUEST = HexFormat.of().parseHex(
            "ffffffffffff" + "0a0000000001" + "0806"
            + "000108000604" + "0001" + "0a0000000001" + "0a070001" + "000000000000" + "0a070002");

    @Test
    void realFramesDecode() {
        Ethernet syn = Ethernet.decode(TCP_SYN);
        Ipv4 ip = assertInstanceOf(Ipv4.class, syn.payload());
        Tcp tcp = assertInstanceOf(Tcp.class, ip.transport());
        assertEquals("10.7.0.1", ip.source().getHostAddress());
        assertEquals(40000, tcp.sourcePort());
        assertEquals(80, tcp.destinationPort());
        assertEquals("S", tcp.flagString());
        assertEquals(0, tcp.payloadLength());
        Ipv6 ip6 = assertInstanceOf(Ipv6.class, Ethernet.decode(ICMP6_ECHO).payload());
        Icmp6 echo = assertInstanceOf(Icmp6.class, ip6.transport());
        assertEquals(0x1234, echo.id());
        assertEquals(4, echo.payloadLength());
        Arp arp = assertInstanceOf(Arp.class, Ethernet.decode(ARP_REQUEST).payload());
        assertEquals("10.7.0.2", arp.targetIp().getHostAddress());
        assertEquals("0a:00:00:00:00:01", arp.senderMac().toString());
    }

    @Test
    void everyTruncationIsAParseError() {
        for (byte[] frame : new byte[][] {TCP_SYN, ICMP6_ECHO, ARP_REQUEST}) {
            for (int n = 0; n < frame.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(frame, n);
                assertThrows(MalformedPacketException.class, () -> Ethernet.decode(cut), "cut to " + n);
            }
        }
    }

    @Test
    void randomAndMutatedBytesThrowOnlyTheParseError() {
        Random random = new Random(21);
        byte[][] seeds = {TCP_SYN, ICMP6_ECHO, ARP_REQUEST};
        for (int round = 0; round < 200_000; round++) {
            byte[] frame;
            if (round % 2 == 0) {
                frame = new byte[random.nextInt(120)];
                random.nextBytes(frame);
                if (frame.length > 14 && random.nextBoolean()) { // steer into the IP decoders
                    int[] types = {0x0800, 0x86dd, 0x0806, 0x8100};
                    int t = types[random.nextInt(types.length)];
                    frame[12] = (byte) (t >> 8);
                    frame[13] = (byte) t;
                }
            } else {
                byte[] seed = seeds[random.nextInt(seeds.length)];
                frame = java.util.Arrays.copyOf(seed, seed.length - random.nextInt(4) + random.nextInt(4));
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            try {
                Summary.describe(Ethernet.decode(frame));
            } catch (MalformedPacketException expected) {
                // the one error allowed
            } catch (RuntimeException e) {
                throw new AssertionError("frame " + HexFormat.of().formatHex(frame) + " threw " + e, e);
            }
        }
    }
}
