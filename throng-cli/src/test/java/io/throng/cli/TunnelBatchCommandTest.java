package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tunnel's receive side takes datagrams in batches (one recvmmsg for everything queued, up to 32);
 * each datagram of a batch must be handled whole, in order, and on its own. The relay between the
 * namespaces keeps a burst of A's datagrams, B is stopped (SIGSTOP) while the burst, with a forged, a
 * replayed and a corrupted datagram mixed in, is put on B's socket back to back, and B continues: every
 * genuine packet reaches the application in B in order, and each bad one is dropped alone and counted
 * once. The forged datagram carries the counter of a genuine one that comes right after it, so a receiver
 * that marked the replay window before authenticating would drop the genuine one as a replay. Namespaces,
 * keys and names: {@link TunnelNet}. Needs root (CI runs as root).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TunnelBatchCommandTest {
    private static final int A_PORT = 51000, B_PORT = 52000, SINK_PORT = 9000, N = 24;
    /** A burst datagram: the transport overhead (32), IPv4 (20), UDP (8) and an 8-byte payload "burst-NN". */
    private static final int BURST_DATAGRAM = 32 + 20 + 8 + 8;
    private final BlockingQueue<String> linesA = new LinkedBlockingQueue<>(), linesB = new LinkedBlockingQueue<>();
    private TunnelNet net;
    private String tunB;
    private Process b;
    private UdpRelay relay;

    @TempDir
    static Path dir;

    @BeforeAll
    void twoNamespacesJoinedOnlyByTheRelayAndATunnel() throws Exception {
        net = TunnelNet.create(74, dir);
        String hereA = net.address(0, 1), hereB = net.address(1, 1), thereB = net.address(1, 2), tunA = net.address(2, 1);
        tunB = net.address(2, 2);
        try {
            net.joinThroughHost(0, 1);
            relay = new UdpRelay(new InetSocketAddress(hereA, A_PORT), new InetSocketAddress(thereB, B_PORT), hereB);
            // no keepalives: nothing but the burst crosses while the relay holds A's datagrams
            b = net.tunnel(linesB, net.nsB, List.of("--dev", net.dev, "--listen", Integer.toString(B_PORT), "--private-key", dir.resolve("b.priv").toString(),
                    "--peer-public-key", dir.resolve("a.pub").toString(), "--address", tunB + "/30"));
            CliProcesses.await(linesB, "tunnel " + net.dev + " up");
            net.tunnel(linesA, net.nsA, List.of("--dev", net.dev, "--listen", Integer.toString(A_PORT), "--private-key", dir.resolve("a.priv").toString(),
                    "--peer-public-key", dir.resolve("b.pub").toString(), "--endpoint", hereA + ":" + A_PORT, "--address", tunA + "/30"));
            CliProcesses.await(linesA, "tunnel " + net.dev + " up");
        } catch (Exception | AssertionError e) {
            cleanUp();
            throw e;
        }
    }

    @AfterAll
    void cleanUp() throws Exception {
        try {
            if (b != null) {
                signal("CONT", b); // never leave it stopped
            }
            net.stopTunnels();
            if (relay != null) {
                relay.close();
            }
        } finally {
            net.close();
        }
    }

    @Test
    void aBurstWithForgedReplayedAndCorruptedDatagramsInsideArrivesWholeAndInOrderAndOnlyTheBadOnesAreDropped() throws Exception {
        // the session (the first ping starts the handshake)
        String ping = TunnelNet.eventually(() -> net.inA("ping", "-c", "1", "-W", "2", tunB), out -> out.contains("1 received"));
        assertTrue(ping.contains("1 received"), ping);
        BlockingQueue<String> sink = new LinkedBlockingQueue<>();
        net.started(CliProcesses.peer(sink, "ip", "netns", "exec", net.nsB, "python3", "-c",
                "import socket\n"
                        + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('" + tunB + "', " + SINK_PORT + ")); s.settimeout(60)\n"
                        + "print('ready', flush=True)\n"
                        + "while True: print('got ' + s.recv(100).decode(), flush=True)\n"));
        CliProcesses.await(sink, "ready");
        Map<String, String> before = TunnelNet.counters(b, linesB);

        relay.hold();
        TunnelNet.mustIn(net.nsA, "python3", "-c", "import socket\n"
                + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                + "for i in range(" + N + "): s.sendto(b'burst-%02d' % i, ('" + tunB + "', " + SINK_PORT + "))\n");
        List<byte[]> genuine = relay.awaitHeld(N, BURST_DATAGRAM);
        relay.stopHolding();
        assertEquals(N, genuine.size(), "A's burst did not reach the relay");

        byte[] forged = genuine.get(8).clone(); // the counter of genuine 8, which follows it; one ciphertext bit flipped
        forged[20] ^= 0x01;
        byte[] replayed = genuine.get(2).clone();
        byte[] corrupted = genuine.get(5).clone(); // a reserved header byte set: not a well-formed message
        corrupted[2] ^= 0x40;
        List<byte[]> burst = new ArrayList<>(genuine.subList(0, 8));
        burst.add(forged);
        burst.addAll(genuine.subList(8, 16));
        burst.add(replayed);
        burst.addAll(genuine.subList(16, N));
        burst.add(corrupted);

        // B stopped: the whole burst waits on its socket, and one receive takes it when B continues
        signal("STOP", b);
        try {
            relay.sendToBAsA(burst);
        } finally {
            signal("CONT", b);
        }

        List<String> got = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String line = sink.poll(60, TimeUnit.SECONDS);
            assertTrue(line != null, "only " + got.size() + " of " + N + " arrived: " + got);
            got.add(line);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            expected.add(String.format("got burst-%02d", i));
        }
        assertEquals(expected, got);

        Map<String, String> after = TunnelNet.counters(b, linesB, m -> TunnelNet.delta(before, m, "dropped_corrupted") >= 1);
        assertEquals(1, TunnelNet.delta(before, after, "dropped_forged"), after.toString());
        assertEquals(1, TunnelNet.delta(before, after, "dropped_replayed"), after.toString());
        assertEquals(1, TunnelNet.delta(before, after, "dropped_corrupted"), after.toString());
        assertTrue(TunnelNet.delta(before, after, "packets_in") >= N, after.toString());
        assertEquals("0", after.get("endpoint_changes"), after.toString());
        // and the tunnel goes on
        String again = TunnelNet.mustIn(net.nsA, "ping", "-c", "2", "-W", "5", tunB);
        assertTrue(again.contains("2 received"), again);
    }

    /** SIGSTOP / SIGCONT to the tunnel process ({@code ip netns exec} execs java, so its pid is the JVM's). */
    private static void signal(String name, Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor());
    }
}
