package io.throng.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.packet.pcap.CapturedFrame;
import io.throng.packet.pcap.PcapWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted IPv6 packets held against tshark's checksum validation (written to a pcap file in Ethernet
 * frames) and against the decoders; a packet with one byte changed after crafting is the control that
 * tshark's verdict can be "bad". The ICMPv6 message for a raw socket leaves the checksum to the kernel.
 */
class Ipv6PacketsTest {
    @TempDir
    Path dir;

    private static final Inet6Address A = (Inet6Address) InetAddress.ofLiteral("fd00:21::1"), B = (Inet6Address) InetAddress.ofLiteral("fd00:21::2");

    @Test
    void craftedUdpAndIcmpv6EchoDecodeAndPassTsharksChecksumValidation() throws Exception {
        byte[] odd = "odd length payload".getBytes(StandardCharsets.US_ASCII);
        byte[] echo = Ipv6Packets.icmpEcho(A, B, 64, 0x4242, 7, odd);
        byte[] udp = Ipv6Packets.udp(A, B, 3, 40001, 33434, java.util.Arrays.copyOf(odd, 17));
        byte[] broken = Ipv6Packets.udp(A, B, 3, 40001, 33434, java.util.Arrays.copyOf(odd, 17));
        broken[broken.length - 1] ^= 1;

        Ipv6 e = assertInstanceOf(Ipv6.class, Ethernet.decode(frame(echo)).payload());
        Icmp6 i = assertInstanceOf(Icmp6.class, e.transport());
        assertEquals(List.of(64, A, B, Icmp6.ECHO_REQUEST, 0x4242, 7, 18), List.of(e.hopLimit(), e.source(), e.destination(), i.type(), i.id(), i.sequence(), i.payloadLength()));
        Ipv6 u = assertInstanceOf(Ipv6.class, Ethernet.decode(frame(udp)).payload());
        Udp d = assertInstanceOf(Udp.class, u.transport());
        assertEquals(List.of(3, 40001, 33434, 25, 17), List.of(u.hopLimit(), d.sourcePort(), d.destinationPort(), d.length(), d.payloadLength()));
        assertNotEquals(0, d.checksum()); // zero is forbidden for UDP over IPv6

        Path file = dir.resolve("crafted6.pcap");
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.Format.PCAP, "crafted", 262144)) {
            for (byte[] p : List.of(echo, udp, broken)) {
                byte[] f = frame(p);
                w.write(new CapturedFrame(Instant.now(), f.length, CapturedFrame.ETHERNET, f));
            }
        }
        Process p = new ProcessBuilder("tshark", "-r", file.toString(), "-o", "udp.check_checksum:TRUE", "-T", "fields", "-E", "separator=;",
                "-e", "icmpv6.checksum.status", "-e", "udp.checksum.status").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        // 1 is tshark's "Good", 0 "Bad"
        assertEquals(List.of("1;", ";1", ";0"), out.lines().filter(l -> !l.contains("Running as")).toList(), out);
    }

    @Test
    void theRawSocketMessageLeavesTheChecksumToTheKernel() {
        byte[] m = Ipv6Packets.icmpEchoMessage(0x4242, 7, new byte[] {1, 2, 3});
        assertEquals(List.of(Icmp6.ECHO_REQUEST, 0, 0, 0, 0x42, 0x42, 0, 7, 1, 2, 3),
                java.util.stream.IntStream.range(0, m.length).mapToObj(k -> m[k] & 0xff).toList());
    }

    private static byte[] frame(byte[] ipv6) {
        return ByteBuffer.allocate(14 + ipv6.length).put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) Ethernet.IPV6).put(ipv6).array();
    }
}
