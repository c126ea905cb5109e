package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code throng tunnel up --cipher}: two namespaces joined by one veth pair (the ChaCha20-Poly1305
 * default, its attacks and roaming are TunnelCommandTest's). Ends configured with different ciphers
 * must refuse each other, each saying why, and carry nothing; both on AES-256-GCM carry ping and iperf3;
 * IPv6 tunnel addresses carry ping, and an IPv6 packet above the tunnel's MTU is answered with ICMPv6
 * Packet Too Big (ping sees the MTU). Namespaces, keys and names: {@link TunnelNet}.
 * Needs root (CI runs as root).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TunnelCipherCommandTest {
    private TunnelNet net;
    private String nsA, nsB, dev, vethB, tunA, tunB;

    @TempDir
    static Path dir;

    @BeforeAll
    void twoNamespacesOnOneVethPair() throws Exception {
        net = TunnelNet.create(76, dir);
        nsA = net.nsA;
        nsB = net.nsB;
        dev = net.dev;
        vethB = net.address(0, 2);
        tunA = net.address(1, 1);
        tunB = net.address(1, 2);
        try {
            net.joinDirectly(0);
        } catch (Exception | AssertionError e) {
            net.close();
            throw e;
        }
    }

    @AfterEach
    void stopTunnels() throws Exception {
        net.stopTunnels();
    }

    @AfterAll
    void cleanUp() throws Exception {
        net.close();
    }

    @Test
    void endsWithDifferentCiphersRefuseEachOtherSayWhyAndCarryNothing() throws Exception {
        BlockingQueue<String> linesA = new LinkedBlockingQueue<>(), linesB = new LinkedBlockingQueue<>();
        Process b = start(linesB, nsB, "b", "a", tunB, null, "chacha20-poly1305");
        CliProcesses.await(linesB, "tunnel " + dev + " up");
        Process a = start(linesA, nsA, "a", "b", tunA, vethB, "aes-256-gcm");
        String saidB = CliProcesses.await(linesB, "cipher mismatch");
        assertTrue(saidB.contains("uses aes-256-gcm, this side chacha20-poly1305; refused"), saidB);
        String saidA = CliProcesses.await(linesA, "cipher mismatch");
        assertTrue(saidA.contains("uses chacha20-poly1305, this side aes-256-gcm; refused"), saidA);

        String ping = net.inA("ping", "-c", "2", "-W", "1", tunB);
        assertTrue(ping.contains(" 0 received"), ping);
        for (Map<String, String> counters : List.of(TunnelNet.counters(a, linesA), TunnelNet.counters(b, linesB))) {
            assertEquals("0", counters.get("handshakes"), counters.toString());
            assertNotEquals("0", counters.get("cipher_mismatches"), counters.toString());
            assertEquals("0", counters.get("packets_in"), counters.toString());
        }
    }

    @Test
    void bothEndsOnAes256GcmCarryPingAndIperf3() throws Exception {
        BlockingQueue<String> linesA = new LinkedBlockingQueue<>(), linesB = new LinkedBlockingQueue<>();
        Process b = start(linesB, nsB, "b", "a", tunB, null, "aes-256-gcm");
        assertTrue(CliProcesses.await(linesB, "tunnel " + dev + " up").contains("aes-256-gcm"));
        Process a = start(linesA, nsA, "a", "b", tunA, vethB, "aes-256-gcm", "30", "--keepalive", "1");
        CliProcesses.await(linesA, "handshake completed");
        String ping = TunnelNet.mustIn(nsA, "ping", "-c", "3", "-W", "5", tunB);
        assertTrue(ping.contains("3 received"), ping);

        net.started(new ProcessBuilder("ip", "netns", "exec", nsB, "iperf3", "-s", "-1", "-B", tunB, "-p", "5201")
                .redirectErrorStream(true).redirectOutput(dir.resolve("iperf3.log").toFile()).start());
        // until the server listens
        String iperf = TunnelNet.eventually(() -> net.inA("iperf3", "-c", tunB, "-p", "5201", "-t", "2", "-J"), out -> out.contains("\"sum_received\""));
        assertTrue(iperf.matches("(?s).*\"sum_received\":\\s*\\{[^}]*\"bytes\":\\s*[1-9].*"), iperf);
        // A's keepalives (every idle second, from its timer thread) authenticate at B too: more than the one
        // that confirms each handshake
        Map<String, String> counters = TunnelNet.counters(b, linesB, m -> Long.parseLong(m.get("keepalives_in")) >= 3);
        assertTrue(Long.parseLong(counters.get("keepalives_in")) >= 3, counters.toString());
        assertEquals("0", counters.get("cipher_mismatches"), counters.toString());
        assertNotEquals("0", counters.get("packets_in"), counters.toString());
        assertEquals("0", counters.get("dropped_forged"), counters.toString());
        assertTrue(a.isAlive());
    }

    @Test
    void ipv6TunnelAddressesCarryPingAndAnOversizePacketIsAnsweredWithPacketTooBig() throws Exception {
        BlockingQueue<String> linesA = new LinkedBlockingQueue<>(), linesB = new LinkedBlockingQueue<>();
        String v6A = net.address6(1), v6B = net.address6(2);
        start(linesB, nsB, "b", "a", v6B, null, "chacha20-poly1305", "64");
        CliProcesses.await(linesB, "tunnel " + dev + " up");
        Process a = start(linesA, nsA, "a", "b", v6A, vethB, "chacha20-poly1305", "64", "--mtu", "1400");
        CliProcesses.await(linesA, "handshake completed");
        assertTrue(net.inA("ip", "-6", "addr", "show", "dev", dev).contains(v6A + "/64"));
        String ping = TunnelNet.mustIn(nsA, "ping", "-6", "-c", "3", "-W", "5", v6B);
        assertTrue(ping.contains("3 received"), ping);

        // the device's MTU raised above the tunnel's (1400): the kernel hands the tunnel a 1548-byte packet,
        // and IPv6 has no router to fragment it; the tunnel answers as one would, with Packet Too Big
        Map<String, String> before = TunnelNet.counters(a, linesA);
        TunnelNet.must("ip", "-n", nsA, "link", "set", "dev", dev, "mtu", "1600");
        String tooBig = net.inA("ping", "-6", "-c", "1", "-W", "2", "-M", "do", "-s", "1500", v6B);
        assertTrue(tooBig.toLowerCase(java.util.Locale.ROOT).matches("(?s).*mtu\\s*[=:]\\s*1400.*"), tooBig);
        Map<String, String> after = TunnelNet.counters(a, linesA, m -> TunnelNet.delta(before, m, "packet_too_big") >= 1);
        assertTrue(TunnelNet.delta(before, after, "packet_too_big") >= 1, after.toString());
        assertTrue(TunnelNet.delta(before, after, "dropped_too_big") >= 1, after.toString());
        // the sender learnt the path MTU: a packet that fits it still passes
        String fits = TunnelNet.mustIn(nsA, "ping", "-6", "-c", "2", "-W", "5", "-s", "1300", v6B);
        assertTrue(fits.contains("2 received"), fits);
    }

    @Test
    void theOuterPathMayBeIpv6AndTheResponderLearnsAnIpv6Endpoint() throws Exception {
        // the veth pair gets IPv6 addresses (no duplicate detection: usable at once); the tunnel inside stays IPv4
        String outerA = net.outer6(1), outerB = net.outer6(2);
        TunnelNet.must("ip", "-n", nsA, "addr", "add", outerA + "/64", "dev", nsA + "v", "nodad");
        TunnelNet.must("ip", "-n", nsB, "addr", "add", outerB + "/64", "dev", nsB + "v", "nodad");
        try {
            BlockingQueue<String> linesA = new LinkedBlockingQueue<>(), linesB = new LinkedBlockingQueue<>();
            Process b = start(linesB, nsB, "b", "a", tunB, null, "chacha20-poly1305");
            CliProcesses.await(linesB, "tunnel " + dev + " up");
            start(linesA, nsA, "a", "b", tunA, "[" + outerB + "]", "chacha20-poly1305");
            CliProcesses.await(linesA, "handshake completed");
            String ping = TunnelNet.mustIn(nsA, "ping", "-c", "3", "-W", "5", tunB);
            assertTrue(ping.contains("3 received"), ping);
            // B learnt A's IPv6 source as the endpoint it answers to
            String expected = new java.net.InetSocketAddress(java.net.InetAddress.getByName(outerA), 51820).toString(); // "/[fd..]:51820"
            Map<String, String> counters = TunnelNet.counters(b, linesB);
            assertEquals(expected, counters.get("endpoint"), counters.toString());
            assertNotEquals("0", counters.get("packets_in"), counters.toString());
        } finally {
            TunnelNet.run("ip", "-n", nsA, "addr", "del", outerA + "/64", "dev", nsA + "v");
            TunnelNet.run("ip", "-n", nsB, "addr", "del", outerB + "/64", "dev", nsB + "v");
        }
    }

    private Process start(BlockingQueue<String> lines, String ns, String self, String peer, String address, String endpoint, String cipher)
            throws Exception {
        return start(lines, ns, self, peer, address, endpoint, cipher, "30");
    }

    private Process start(BlockingQueue<String> lines, String ns, String self, String peer, String address, String endpoint, String cipher,
            String prefix, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dev", dev, "--listen", "51820",
                "--private-key", dir.resolve(self + ".priv").toString(), "--peer-public-key", dir.resolve(peer + ".pub").toString(),
                "--address", address + "/" + prefix, "--cipher", cipher));
        if (endpoint != null) {
            args.addAll(List.of("--endpoint", endpoint + ":51820"));
        }
        args.addAll(List.of(extra));
        return net.tunnel(lines, ns, args);
    }
}
