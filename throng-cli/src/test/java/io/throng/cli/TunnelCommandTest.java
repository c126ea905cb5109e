package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code throng tunnel up} in two network namespaces that share no route: A's only way to B is a UDP
 * relay in this JVM (A—veth—here—veth—B, forwarding off here), which also plays the on-path attacker:
 * it keeps what A sent and injects forged, replayed and corrupted datagrams, and it moves A's traffic
 * to a second source address (roaming). Ping, curl and iperf3 run through the tunnel; the counters
 * are read from the processes with SIGUSR1. Needs root (CI runs as root).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TunnelCommandTest {
    private static final int A_PORT = 51000, B_PORT = 52000;
    private final BlockingQueue<String> linesA = new LinkedBlockingQueue<>(), linesB = new LinkedBlockingQueue<>();
    private TunnelNet net;
    private String nsA, nsB, dev, thereB, hereB2, tunB;
    private Process a, b;
    private UdpRelay relay;

    @TempDir
    static Path dir;

    @BeforeAll
    void twoNamespacesJoinedOnlyByTheRelayAndATunnel() throws Exception {
        net = TunnelNet.create(75, dir);
        nsA = net.nsA;
        nsB = net.nsB;
        dev = net.dev;
        // subnet 0: A's link here, 1: B's link here (and A's second address there when it roams), 2: the tunnel
        String hereA = net.address(0, 1), hereB = net.address(1, 1), tunA = net.address(2, 1);
        thereB = net.address(1, 2);
        hereB2 = net.address(1, 3);
        tunB = net.address(2, 2);
        try {
            String bLink = net.joinThroughHost(0, 1);
            TunnelNet.must("ip", "addr", "add", hereB2 + "/24", "dev", bLink);
            relay = new UdpRelay(new InetSocketAddress(hereA, A_PORT), new InetSocketAddress(thereB, B_PORT), hereB);
            b = net.tunnel(linesB, nsB, List.of("--dev", dev, "--listen", Integer.toString(B_PORT), "--private-key", dir.resolve("b.priv").toString(),
                    "--peer-public-key", dir.resolve("a.pub").toString(), "--address", tunB + "/30", "--keepalive", "2"));
            CliProcesses.await(linesB, "tunnel " + dev + " up");
            a = net.tunnel(linesA, nsA, List.of("--dev", dev, "--listen", Integer.toString(A_PORT), "--private-key", dir.resolve("a.priv").toString(),
                    "--peer-public-key", dir.resolve("b.pub").toString(), "--endpoint", hereA + ":" + A_PORT,
                    "--address", tunA + "/30", "--keepalive", "2", "--mtu", "1400"));
            CliProcesses.await(linesA, "handshake completed");
        } catch (Exception | AssertionError e) {
            cleanUp();
            throw e;
        }
    }

    @AfterAll
    void cleanUp() throws Exception {
        try {
            net.stopTunnels();
            if (relay != null) {
                relay.close();
            }
        } finally {
            net.close();
        }
    }

    @Test
    @Order(1)
    void pingCurlAndIperf3GoThroughTheTunnel() throws Exception {
        // no route between the namespaces but the tunnel: B's veth address is unreachable from A
        assertTrue(net.inA("ping", "-c", "1", "-W", "1", thereB).contains("Network is unreachable"));
        String ping = TunnelNet.mustIn(nsA, "ping", "-c", "3", "-W", "5", tunB);
        assertTrue(ping.contains("3 received"), ping);

        Files.writeString(dir.resolve("hello.txt"), "through the tunnel\n");
        net.started(new ProcessBuilder("ip", "netns", "exec", nsB, "/usr/bin/python3", "-m", "http.server", "8000",
                "--bind", tunB, "--directory", dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("http.log").toFile()).start());
        String body = TunnelNet.eventually(() -> net.inA("curl", "-sS", "--max-time", "10", "http://" + tunB + ":8000/hello.txt"),
                out -> out.equals("through the tunnel\n"));
        assertEquals("through the tunnel\n", body);

        net.started(new ProcessBuilder("ip", "netns", "exec", nsB, "iperf3", "-s", "-1", "-B", tunB, "-p", "5201")
                .redirectErrorStream(true).redirectOutput(dir.resolve("iperf3.log").toFile()).start());
        String iperf = TunnelNet.eventually(() -> net.inA("iperf3", "-c", tunB, "-p", "5201", "-t", "2", "-J"), out -> out.contains("\"sum_received\""));
        assertTrue(iperf.matches("(?s).*\"sum_received\":\\s*\\{[^}]*\"bytes\":\\s*[1-9].*"), iperf);
    }

    @Test
    @Order(2)
    void forgedReplayedAndCorruptedDatagramsAreDroppedAndCountedAndTheSessionGoesOn() throws Exception {
        Map<String, String> before = TunnelNet.counters(b, linesB);
        byte[] captured = relay.lastTransportFromA();
        long counter = java.nio.ByteBuffer.wrap(captured, 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();

        // replayed: the very datagram A sent, again
        relay.injectToB(captured.clone());
        // forged: a well-formed transport message for B's live session and a fresh counter, sealed with a key that is not the session's
        byte[] forged = captured.clone();
        long fresh = counter + 1_000_000;
        for (int i = 0; i < 8; i++) {
            forged[8 + i] = (byte) (fresh >>> (8 * i));
        }
        byte[] key = new byte[32], nonce = new byte[12];
        new SecureRandom().nextBytes(key);
        System.arraycopy(forged, 8, nonce, 4, 8);
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        c.updateAAD(forged, 0, 16);
        c.doFinal(new byte[captured.length - 32], 0, captured.length - 32, forged, 16);
        relay.injectToB(forged);
        // corrupted: one byte flipped in the header's reserved bytes
        byte[] corrupted = captured.clone();
        corrupted[2] ^= 0x40;
        relay.injectToB(corrupted);

        Map<String, String> after = TunnelNet.counters(b, linesB, m -> TunnelNet.delta(before, m, "dropped_replayed") >= 1
                && TunnelNet.delta(before, m, "dropped_forged") >= 1 && TunnelNet.delta(before, m, "dropped_corrupted") >= 1);
        assertEquals(1, TunnelNet.delta(before, after, "dropped_replayed"), after.toString());
        assertEquals(1, TunnelNet.delta(before, after, "dropped_forged"), after.toString());
        assertEquals(1, TunnelNet.delta(before, after, "dropped_corrupted"), after.toString());
        // none of them moved the peer's endpoint (they came from another source port) or took a session down
        assertEquals(before.get("endpoint"), after.get("endpoint"));
        assertEquals("0", after.get("endpoint_changes"));
        String ping = TunnelNet.mustIn(nsA, "ping", "-c", "2", "-W", "5", tunB);
        assertTrue(ping.contains("2 received"), ping);
    }

    @Test
    @Order(3)
    void whenAsTrafficComesFromANewAddressTheTunnelFollowsIt() throws Exception {
        String was = TunnelNet.counters(b, linesB).get("endpoint");
        relay.roamTo(hereB2);
        // keepalives (every 2 s) or the ping carry A's new source to B; B answers there
        String ping = TunnelNet.eventually(() -> net.inA("ping", "-c", "2", "-W", "5", tunB), out -> out.contains("2 received"));
        assertTrue(ping.contains("2 received"), ping);
        Map<String, String> after = TunnelNet.counters(b, linesB, m -> m.get("endpoint").startsWith("/" + hereB2 + ":"));
        assertTrue(after.get("endpoint").startsWith("/" + hereB2 + ":"), after + " (was " + was + ")");
        assertTrue(Long.parseLong(after.get("endpoint_changes")) >= 1, after.toString());
    }

    @Test
    @Order(4)
    void aPacketAboveTheMtuIsDroppedAndCountedAndNothingBreaks() throws Exception {
        Map<String, String> before = TunnelNet.counters(a, linesA);
        // raise the device's MTU above the tunnel's (1400), so the kernel hands the tunnel a 1528-byte packet
        TunnelNet.must("ip", "-n", nsA, "link", "set", "dev", dev, "mtu", "1600");
        String tooBig = net.inA("ping", "-c", "1", "-W", "2", "-M", "do", "-s", "1500", tunB);
        // answered with ICMP "fragmentation needed" carrying the tunnel's MTU, as a router would, not dropped silently
        assertTrue(tooBig.contains("mtu = 1400"), tooBig);
        Map<String, String> after = TunnelNet.counters(a, linesA, m -> TunnelNet.delta(before, m, "dropped_too_big") >= 1);
        assertTrue(TunnelNet.delta(before, after, "dropped_too_big") >= 1, after.toString());
        assertTrue(TunnelNet.delta(before, after, "fragmentation_needed") >= 1, after.toString());
        String ping = TunnelNet.mustIn(nsA, "ping", "-c", "2", "-W", "5", "-s", "1300", tunB);
        assertTrue(ping.contains("2 received"), ping);
        assertTrue(a.isAlive() && b.isAlive());
    }

    @Test
    @Order(5)
    void whenBStopsADeclaresItDeadAndSigtermStopsBothEndsWithTheirCounters() throws Exception {
        for (Process p : List.of(b, a)) {
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "SIGTERM did not stop the tunnel");
            assertEquals(0, p.exitValue());
            if (p == b) { // A's keepalives (2 s) go unanswered: dead after max(3 x 2 s, 10 s)
                CliProcesses.await(linesA, "peer dead");
            }
        }
        assertTrue(CliProcesses.await(linesA, "counters ").contains("dead_peers=1"));
        // the device went with the process
        assertTrue(!TunnelNet.run("ip", "-n", nsA, "link", "show", dev).isEmpty() && net.inA("ip", "link", "show", dev).contains("does not exist"));
    }

    @Test
    @Order(6)
    void withoutCapNetAdminItSaysSoInOneLineAndExits3() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = CliProcesses.cliWith(lines, List.of("setpriv", "--bounding-set", "-net_raw,-net_admin", "--inh-caps=-all"),
                "tunnel", "up", "--dev", dev + "np", "--listen", "0", "--private-key", dir.resolve("a.priv").toString(),
                "--peer-public-key", dir.resolve("b.pub").toString(), "--address", "10.255.3.1/30");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> out = new ArrayList<>();
        for (String l; (l = lines.poll(2, TimeUnit.SECONDS)) != null; ) {
            out.add(l);
        }
        assertEquals(ExitCodes.ENVIRONMENT, p.exitValue(), String.join("\n", out));
        assertEquals(1, out.size(), String.join("\n", out));
        assertTrue(out.getFirst().contains("needs CAP_NET_ADMIN"), out.getFirst());
    }

    @Test
    @Order(7)
    void genkeyAndPubkeyWriteWireGuardStyleKeysAndBadOnesAreUsageErrors() throws Exception {
        StringWriter priv = new StringWriter();
        assertEquals(0, Main.run(new String[] {"tunnel", "genkey"}, new PrintWriter(priv), new PrintWriter(new StringWriter())));
        assertEquals(44, priv.toString().strip().length()); // 32 bytes in base64
        // RFC 7748 6.1: Alice's keys
        assertEquals("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=", pubkey("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=\n"));
        StringWriter err = new StringWriter();
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("c2hvcnQ=".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(ExitCodes.USAGE, Main.run(new String[] {"tunnel", "pubkey"}, new PrintWriter(new StringWriter()), new PrintWriter(err)));
        } finally {
            System.setIn(stdin);
        }
        assertTrue(err.toString().contains("bytes; an X25519 key has 32"), err.toString());
    }

    private static String pubkey(String privateKey) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.US_ASCII)));
            StringWriter out = new StringWriter();
            assertEquals(0, Main.run(new String[] {"tunnel", "pubkey"}, new PrintWriter(out), new PrintWriter(new StringWriter())));
            return out.toString().strip();
        } finally {
            System.setIn(stdin);
        }
    }
}
