package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.packet.tunnel.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * IPv6 tunnel addresses carry ping.
 * Needs root (CI runs as root).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TunnelCipherCommandTest {
    private final String tag = Integer.toHexString(new SecureRandom().nextInt(0x100000, 0xffffff));
    private final String nsA = "tca" + tag, nsB = "tcb" + tag, dev = "tc" + tag;
    private final int net = 150 + new SecureRandom().nextInt(100);
    private final String vethA = "10." + net + ".4.1", vethB = "10." + net + ".4.2";
    private final String tunA = "10." + net + ".5.1", tunB = "10." + net + ".5.2";
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    void twoNamespacesOnOneVethPair() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "this test builds network namespaces and needs root (CI runs as root)");
        try {
            must("ip", "netns", "add", nsA);
            must("ip", "netns", "add", nsB);
            must("ip", "link", "add", nsA + "v", "type", "veth", "peer", "name", nsB + "v");
            must("ip", "link", "set", nsA + "v", "netns", nsA);
            must("ip", "link", "set", nsB + "v", "netns", nsB);
            must("ip", "-n", nsA, "addr", "add", vethA + "/24", "dev", nsA + "v");
            must("ip", "-n", nsB, "addr", "add", vethB + "/24", "dev", nsB + "v");
            for (String ns : List.of(nsA, nsB)) {
                must("ip", "-n", ns, "link", "set", ns + "v", "up");
                must("ip", "-n", ns, "link", "set", "lo", "up");
            }
            XECPrivateKey keyA = Keys.generate(), keyB = Keys.generate();
            Files.writeString(dir.resolve("a.priv"), Keys.encode(keyA) + "\n");
            Files.writeString(dir.resolve("b.priv"), Keys.encode(keyB) + "\n");
            Files.writeString(dir.resolve("a.pub"), Keys.encode(Keys.publicKey(keyA)) + "\n");
            Files.writeString(dir.resolve("b.pub"), Keys.encode(Keys.publicKey(keyB)) + "\n");
        } catch (Exception | AssertionError e) {
            cleanUp();
            throw e;
        }
    }

    @AfterEach
    void stopTunnels() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        processes.clear();
    }

    @AfterAll
    void cleanUp() throws Exception {
        stopTunnels();
        run("ip", "netns", "del", nsA); // takes the veth pair with it
        run("ip", "netns", "del", nsB);
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

        String ping = inA("ping", "-c", "2", "-W", "1", tunB);
        assertTrue(ping.contains(" 0 received"), ping);
        for (var side : List.of(new Object[] {a, linesA}, new Object[] {b, linesB})) {
            @SuppressWarnings("unchecked")
            String counters = counters((Process) side[0], (BlockingQueue<String>) side[1]);
            assertTrue(counters.contains(" handshakes=0 "), counters);
            assertFalse(counters.contains(" cipher_mismatches=0 "), counters);
            assertTrue(counters.contains(" packets_in=0 "), counters);
        }
    }

    @Test
    void bothEndsOnAes256GcmCarryPingAndIperf3() throws Exception {
        BlockingQueue<String> linesA = new LinkedBlockingQueue<>(), linesB = new LinkedBlockingQueue<>();
        Process b = start(linesB, nsB, "b", "a", tunB, null, "aes-256-gcm");
        assertTrue(CliProcesses.await(linesB, "tunnel " + dev + " up").contains("aes-256-gcm"));
        Process a = start(linesA, nsA, "a", "b", tunA, vethB, "aes-256-gcm", "30", "--keepalive", "1");
        CliProcesses.await(linesA, "handshake completed");
        String ping = mustIn(nsA, "ping", "-c", "3", "-W", "5", tunB);
        assertTrue(ping.contains("3 received"), ping);

        Process server = new ProcessBuilder("ip", "netns", "exec", nsB, "iperf3", "-s", "-1", "-B", tunB, "-p", "5201")
                .redirectErrorStream(true).redirectOutput(dir.resolve("iperf3.log").toFile()).start();
        processes.add(server);
        String iperf = "";
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!iperf.contains("\"sum_received\"") && System.nanoTime() < end) { // until the server listens
            iperf = inA("iperf3", "-c", tunB, "-p", "5201", "-t", "2", "-J");
        }
        assertTrue(iperf.matches("(?s).*\"sum_received\":\\s*\\{[^}]*\"bytes\":\\s*[1-9].*"), iperf);
        // A's keepalives (every idle second, from its timer thread) authenticate at B too: more than the one
        // that confirms each handshake
        String counters = counters(b, linesB);
        for (long end2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); keepalivesIn(counters) < 3 && System.nanoTime() < end2; ) {
            counters = counters(b, linesB);
        }
        assertTrue(keepalivesIn(counters) >= 3, counters);
        assertTrue(counters.contains(" cipher_mismatches=0 "), counters);
        assertTrue(!counters.contains(" packets_in=0 ") && counters.contains(" dropped_forged=0 "), counters);
        assertTrue(a.isAlive());
    }

    @Test
    void ipv6TunnelAddressesCarryPing() throws Exception {
        BlockingQueue<String> linesA = new LinkedBlockingQueue<>(), linesB = new LinkedBlockingQueue<>();
        String v6A = "fd00:" + tag.substring(0, 4) + "::1", v6B = "fd00:" + tag.substring(0, 4) + "::2";
        start(linesB, nsB, "b", "a", v6B, null, "chacha20-poly1305", "64");
        CliProcesses.await(linesB, "tunnel " + dev + " up");
        start(linesA, nsA, "a", "b", v6A, vethB, "chacha20-poly1305", "64");
        CliProcesses.await(linesA, "handshake completed");
        assertTrue(inA("ip", "-6", "addr", "show", "dev", dev).contains(v6A + "/64"));
        String ping = mustIn(nsA, "ping", "-6", "-c", "3", "-W", "5", v6B);
        assertTrue(ping.contains("3 received"), ping);
    }

    private Process start(BlockingQueue<String> lines, String ns, String self, String peer, String address, String endpoint, String cipher)
            throws Exception {
        return start(lines, ns, self, peer, address, endpoint, cipher, "30");
    }

    private Process start(BlockingQueue<String> lines, String ns, String self, String peer, String address, String endpoint, String cipher,
            String prefix, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("tunnel", "up", "--dev", dev, "--listen", "51820",
                "--private-key", dir.resolve(self + ".priv").toString(), "--peer-public-key", dir.resolve(peer + ".pub").toString(),
                "--address", address + "/" + prefix, "--cipher", cipher));
        if (endpoint != null) {
            args.addAll(List.of("--endpoint", endpoint + ":51820"));
        }
        args.addAll(List.of(extra));
        Process p = CliProcesses.cliWith(lines, List.of("ip", "netns", "exec", ns), args.toArray(String[]::new));
        processes.add(p);
        return p;
    }

    private static long keepalivesIn(String counters) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" keepalives_in=(\\d+) ").matcher(counters);
        assertTrue(m.find(), counters);
        return Long.parseLong(m.group(1));
    }

    private static String counters(Process p, BlockingQueue<String> lines) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(p.pid())).start().waitFor());
        return CliProcesses.await(lines, "counters ");
    }

    private String inA(String... cmd) throws Exception {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", nsA));
        all.addAll(List.of(cmd));
        return run(all.toArray(String[]::new));
    }

    private static String mustIn(String ns, String... cmd) throws Exception {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(cmd));
        return must(all.toArray(String[]::new));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not end in 60 s");
        }
        return out;
    }

    private static String must(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " did not end in 60 s");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
