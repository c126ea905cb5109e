package io.throng.packet.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.packet.Icmp;
import io.throng.packet.Ipv4;
import io.throng.packet.Ipv4Packets;
import io.throng.packet.MalformedPacketException;
import io.throng.packet.Tcp;
import io.throng.packet.Udp;
import io.throng.packet.filter.Filter;
import io.throng.packet.pcap.CapturedFrame;
import io.throng.packet.pcap.PcapWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted packets sent with a raw socket across a veth pair. The namespace's kernel answers each only
 * if its checksums are right (Linux drops a bad one silently): an echo reply to the ICMP echo, a port
 * unreachable to the UDP datagram, a reset to the TCP SYN. tshark, validating checksums, finds every
 * crafted packet good.
 */
class CraftVethTest {
    @TempDir
    Path dir;

    @Test
    void theKernelAnswersEveryCraftedPacketAndTsharkFindsTheChecksumsGood() throws Exception {
        try (Veth veth = Veth.create("pktcraft", 72);
                PacketCapture capture = PacketCapture.open(veth.hostEnd, Filter.compile("host " + veth.there4 + " and not arp", 262144), 262144);
                RawIpv4Socket raw = RawIpv4Socket.open()) {
            Inet4Address here = (Inet4Address) InetAddress.ofLiteral(veth.here4), there = (Inet4Address) InetAddress.ofLiteral(veth.there4);
            byte[] odd = "odd length payload".getBytes(StandardCharsets.US_ASCII); // 18 bytes; 17 below tests the odd-byte rule
            raw.send(Ipv4Packets.icmpEcho(here, there, 64, 0x4242, 1, odd));
            raw.send(Ipv4Packets.udp(here, there, 64, 40001, 7, java.util.Arrays.copyOf(odd, 17)));
            raw.send(Ipv4Packets.tcp(here, there, 64, 40002, 81, 1000, 0, Tcp.SYN, 64240, new byte[0]));
            List<CapturedFrame> frames = new ArrayList<>();
            boolean echoReply = false, unreachable = false, reset = false;
            long end = System.nanoTime() + 60_000_000_000L;
            while (!(echoReply && unreachable && reset) && System.nanoTime() < end) {
                CapturedFrame f = capture.receive(true);
                if (f == null) {
                    continue;
                }
                frames.add(f);
                try {
                    if (f.ethernet().payload() instanceof Ipv4 ip && ip.source().equals(there)) {
                        switch (ip.transport()) {
                            case Icmp i when i.type() == Icmp.ECHO_REPLY && i.id() == 0x4242 -> echoReply = true;
                            case Icmp i when i.type() == Icmp.DESTINATION_UNREACHABLE && i.code() == 3 -> unreachable = true;
                            case Tcp t when (t.flags() & Tcp.RST) != 0 && t.destinationPort() == 40002 -> reset = true;
                            default -> { }
                        }
                    }
                } catch (MalformedPacketException e) {
                    throw new AssertionError(e);
                }
            }
            assertTrue(echoReply && unreachable && reset, "answers: echo reply " + echoReply + ", port unreachable " + unreachable
                    + ", reset " + reset);
            Path file = dir.resolve("crafted.pcap");
            try (PcapWriter w = PcapWriter.create(file, PcapWriter.Format.PCAP, veth.hostEnd, 262144)) {
                for (CapturedFrame f : frames) {
                    w.write(f);
                }
            }
            List<String> statuses = Veth.must("tshark", "-r", file.toString(), "-o", "ip.check_checksum:TRUE",
                    "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-Y", "ip.src == " + veth.here4 + " && !(ip.src == " + veth.there4 + ")", // not the unreachable quoting ours
                    "-T", "fields", "-E", "separator=;", "-e", "ip.checksum.status", "-e", "icmp.checksum.status",
                    "-e", "udp.checksum.status", "-e", "tcp.checksum.status").lines().filter(l -> !l.contains("Running as")).toList();
            // 1 is tshark's "Good": IPv4 header checksum, then the transport's
            assertEquals(List.of("1;1;;", "1;;1;", "1;;;1"), statuses);
        }
    }
}
