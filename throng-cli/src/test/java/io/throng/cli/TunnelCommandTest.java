package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.packet.tunnel.Keys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
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
    private final String tag = Integer.toHexString(new SecureRandom().nextInt(0x100000, 0xffffff));
    private final String nsA = "tna" + tag, nsB = "tnb" + tag, dev = "tt" + tag;
    private final int net = 150 + new SecureRandom().nextInt(100);
    private final String hereA = "10." + net + ".1.1", thereA = "10." + net + ".1.2";
    private final String hereB = "10." + net + ".2.1", hereB2 = "10." + net + ".2.3", thereB = "10." + net + ".2.2";
    private final String tunA = "10." + net + ".3.1", tunB = "10." + net + ".3.2";
    private final BlockingQueue<String> linesA = new LinkedBlockingQueue<>(), linesB = new LinkedBlockingQueue<>();
    private final List<Process> processes = new ArrayList<>();
    private Process a, b;
    private Relay relay;

    @TempDir
    static Path dir;

    @BeforeAll
    void twoNamespacesJoinedOnlyByTheRelayAndATunnel() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "this test builds network namespaces and needs root (CI runs as root)");
        try {
            must("ip", "netns", "add", nsA);
            must("ip", "netns", "add", nsB);
            link(nsA, hereA, thereA, "a");
            link(nsB, hereB, thereB, "b");
            must("ip", "addr", "add", hereB2 + "/24", "dev", nsB + "b");
            XECPrivateKey keyA = Keys.generate(), keyB = Keys.generate();
            Files.writeString(dir.resolve("a.priv"), Keys.encode(keyA) + "\n");
            Files.writeString(dir.resolve("b.priv"), Keys.encode(keyB) + "\n");
            Files.writeString(dir.resolve("a.pub"), Keys.encode(Keys.publicKey(keyA)) + "\n");
            Files.writeString(dir.resolve("b.pub"), Keys.encode(Keys.publicKey(keyB)) + "\n");
            relay = new Relay(new InetSocketAddress(hereA, A_PORT), new InetSocketAddress(thereB, B_PORT), hereB);
            b = start(linesB, nsB, "--dev", dev, "--listen", Integer.toString(B_PORT), "--private-key", dir.resolve("b.priv").toString(),
                    "--peer-public-key", dir.resolve("a.pub").toString(), "--address", tunB + "/30", "--keepalive", "2");
            CliProcesses.await(linesB, "tunnel " + dev + " up");
            a = start(linesA, nsA, "--dev", dev, "--listen", Integer.toString(A_PORT), "--private-key", dir.resolve("a.priv").toString(),
                    "--peer-public-key", dir.resolve("b.pub").toString(), "--endpoint", hereA + ":" + A_PORT,
                    "--address", tunA + "/30", "--keepalive", "2", "--mtu", "1400");
            CliProcesses.await(linesA, "handshake completed");
        } catch (Exception | AssertionError e) {
            cleanUp();
            throw e;
        }
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (relay != null) {
            relay.close();
        }
        run("ip", "link", "del", nsA + "a");
        run("ip", "link", "del", nsB + "b");
        run("ip", "netns", "del", nsA);
        run("ip", "netns", "del", nsB);
    }

    @Test
    @Order(1)
    void pingCurlAndIperf3GoThroughTheTunnel() throws Exception {
        // no route between the namespaces but the tunnel: B's veth address is unreachable from A
        assertTrue(inA("ping", "-c", "1", "-W", "1", thereB).contains("Network is unreachable"));
        String ping = mustIn(nsA, "ping", "-c", "3", "-W", "5", tunB);
        assertTrue(ping.contains("3 received"), ping);

        Files.writeString(dir.resolve("hello.txt"), "through the tunnel\n");
        processes.add(new ProcessBuilder("ip", "netns", "exec", nsB, "/usr/bin/python3", "-m", "http.server", "8000",
                "--bind", tunB, "--directory", dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("http.log").toFile()).start());
        String body = eventually(() -> inA("curl", "-sS", "--max-time", "10", "http://" + tunB + ":8000/hello.txt"),
                out -> out.equals("through the tunnel\n"));
        assertEquals("through the tunnel\n", body);

        processes.add(new ProcessBuilder("ip", "netns", "exec", nsB, "iperf3", "-s", "-1", "-B", tunB, "-p", "5201")
                .redirectErrorStream(true).redirectOutput(dir.resolve("iperf3.log").toFile()).start());
        String iperf = eventually(() -> inA("iperf3", "-c", tunB, "-p", "5201", "-t", "2", "-J"), out -> out.contains("\"sum_received\""));
        assertTrue(iperf.matches("(?s).*\"sum_received\":\\s*\\{[^}]*\"bytes\":\\s*[1-9].*"), iperf);
    }

    @Test
    @Order(2)
    void forgedReplayedAndCorruptedDatagramsAreDroppedAndCountedAndTheSessionGoesOn() throws Exception {
        Map<String, String> before = counters(b, linesB);
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

        Map<String, String> after = counters(b, linesB, m -> delta(before, m, "dropped_replayed") >= 1
                && delta(before, m, "dropped_forged") >= 1 && delta(before, m, "dropped_corrupted") >= 1);
        assertEquals(1, delta(before, after, "dropped_replayed"), after.toString());
        assertEquals(1, delta(before, after, "dropped_forged"), after.toString());
        assertEquals(1, delta(before, after, "dropped_corrupted"), after.toString());
        // none of them moved the peer's endpoint (they came from another source port) or took a session down
        assertEquals(before.get("endpoint"), after.get("endpoint"));
        assertEquals("0", after.get("endpoint_changes"));
        String ping = mustIn(nsA, "ping", "-c", "2", "-W", "5", tunB);
        assertTrue(ping.contains("2 received"), ping);
    }

    @Test
    @Order(3)
    void whenAsTrafficComesFromANewAddressTheTunnelFollowsIt() throws Exception {
        String was = counters(b, linesB).get("endpoint");
        relay.roamTo(hereB2);
        // keepalives (every 2 s) or the ping carry A's new source to B; B answers there
        String ping = eventually(() -> inA("ping", "-c", "2", "-W", "5", tunB), out -> out.contains("2 received"));
        assertTrue(ping.contains("2 received"), ping);
        Map<String, String> after = counters(b, linesB, m -> m.get("endpoint").startsWith("/" + hereB2 + ":"));
        assertTrue(after.get("endpoint").startsWith("/" + hereB2 + ":"), after + " (was " + was + ")");
        assertTrue(Long.parseLong(after.get("endpoint_changes")) >= 1, after.toString());
    }

    @Test
    @Order(4)
    void aPacketAboveTheMtuIsDroppedAndCountedAndNothingBreaks() throws Exception {
        Map<String, String> before = counters(a, linesA);
        // raise the device's MTU above the tunnel's (1400), so the kernel hands the tunnel a 1528-byte packet
        must("ip", "-n", nsA, "link", "set", "dev", dev, "mtu", "1600");
        String tooBig = inA("ping", "-c", "1", "-W", "2", "-M", "do", "-s", "1500", tunB);
        // answered with ICMP "fragmentation needed" carrying the tunnel's MTU, as a router would, not dropped silently
        assertTrue(tooBig.contains("mtu = 1400"), tooBig);
        Map<String, String> after = counters(a, linesA, m -> delta(before, m, "dropped_too_big") >= 1);
        assertTrue(delta(before, after, "dropped_too_big") >= 1, after.toString());
        assertTrue(delta(before, after, "fragmentation_needed") >= 1, after.toString());
        String ping = mustIn(nsA, "ping", "-c", "2", "-W", "5", "-s", "1300", tunB);
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
        assertTrue(!run("ip", "-n", nsA, "link", "show", dev).isEmpty() && inA("ip", "link", "show", dev).contains("does not exist"));
    }

    @Test
    @Order(6)
    void withoutCapNetAdminItSaysSoInOneLineAndExits3() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = CliProcesses.cliWith(lines, List.of("setpriv", "--bounding-set", "-net_raw,-net_admin", "--inh-caps=-all"),
                "tunnel", "up", "--dev", "ttnopriv" + tag.substring(0, 3), "--listen", "0", "--private-key", dir.resolve("a.priv").toString(),
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

    private Process start(BlockingQueue<String> lines, String ns, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("tunnel", "up"));
        args.addAll(List.of(options));
        Process p = CliProcesses.cliWith(lines, List.of("ip", "netns", "exec", ns), args.toArray(String[]::new));
        processes.add(p);
        return p;
    }

    /** Asks the process for its counters (SIGUSR1) until {@code until} holds for them, 60 s at most. */
    private static Map<String, String> counters(Process p, BlockingQueue<String> lines, Predicate<Map<String, String>> until) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Map<String, String> m = counters(p, lines);
            if (until.test(m) || System.nanoTime() > end) {
                return m;
            }
        }
    }

    private static Map<String, String> counters(Process p, BlockingQueue<String> lines) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(p.pid())).start().waitFor());
        String line = CliProcesses.await(lines, "counters ");
        Map<String, String> m = new HashMap<>();
        for (String pair : line.substring("counters ".length()).split(" ")) {
            int eq = pair.indexOf('=');
            m.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return m;
    }

    private static long delta(Map<String, String> before, Map<String, String> after, String name) {
        return Long.parseLong(after.get(name)) - Long.parseLong(before.get(name));
    }

    private interface Attempt {
        String run() throws Exception;
    }

    /** Runs {@code attempt} until its output satisfies {@code done}, 60 s at most; returns the last output. */
    private static String eventually(Attempt attempt, Predicate<String> done) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String out;
        do {
            out = attempt.run();
        } while (!done.test(out) && System.nanoTime() < end);
        return out;
    }

    private void link(String ns, String here, String there, String suffix) throws Exception {
        must("ip", "link", "add", ns + suffix, "type", "veth", "peer", "name", ns + suffix + "n");
        must("ip", "link", "set", ns + suffix + "n", "netns", ns);
        must("ip", "addr", "add", here + "/24", "dev", ns + suffix);
        must("ip", "link", "set", ns + suffix, "up");
        must("ip", "-n", ns, "addr", "add", there + "/24", "dev", ns + suffix + "n");
        must("ip", "-n", ns, "link", "set", ns + suffix + "n", "up");
        must("ip", "-n", ns, "link", "set", "lo", "up");
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

    /**
     * The UDP path between A and B, and the attacker on it: what A sends to {@code fromA} goes to B from
     * the current B-side socket, what B answers there goes back to A. It keeps A's last transport datagram.
     */
    private static final class Relay implements AutoCloseable {
        private final DatagramSocket fromA;
        private final InetSocketAddress b;
        private final AtomicReference<DatagramSocket> toB = new AtomicReference<>();
        private final List<DatagramSocket> all = new ArrayList<>();
        private final AtomicReference<byte[]> lastFromA = new AtomicReference<>();
        private volatile InetSocketAddress a;

        Relay(InetSocketAddress listen, InetSocketAddress b, String sourceToB) throws SocketException {
            this.fromA = new DatagramSocket(listen);
            this.b = b;
            all.add(fromA);
            roamTo(sourceToB);
            Thread.ofVirtual().start(() -> pump(fromA, true));
        }

        /** From now on A's datagrams reach B from {@code source}, a new socket on another address. */
        void roamTo(String source) throws SocketException {
            DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0));
            synchronized (all) {
                all.add(s);
            }
            toB.set(s);
            Thread.ofVirtual().start(() -> pump(s, false));
        }

        byte[] lastTransportFromA() {
            byte[] d = lastFromA.get();
            assertTrue(d != null, "A sent no transport datagram through the relay");
            return d;
        }

        /** Sends {@code datagram} to B from a socket of its own: the attacker's, not A's address. */
        void injectToB(byte[] datagram) throws IOException {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(((InetSocketAddress) toB.get().getLocalSocketAddress()).getAddress(), 0))) {
                s.send(new DatagramPacket(datagram, datagram.length, b));
            }
        }

        private void pump(DatagramSocket in, boolean isFromA) {
            byte[] buf = new byte[65536];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    in.receive(p);
                    if (isFromA) {
                        a = (InetSocketAddress) p.getSocketAddress();
                        if (p.getLength() > 32 && buf[0] == 4) {
                            lastFromA.set(java.util.Arrays.copyOf(buf, p.getLength()));
                        }
                        toB.get().send(new DatagramPacket(buf, p.getLength(), b));
                    } else if (a != null) {
                        fromA.send(new DatagramPacket(buf, p.getLength(), a));
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() {
            synchronized (all) {
                all.forEach(DatagramSocket::close);
            }
        }
    }
}
