package io.throng.cli;

import static io.throng.cli.CliProcesses.await;
import static io.throng.cli.CliProcesses.cli;
import static io.throng.cli.CliProcesses.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code throng nc --udp --listen --join GROUP --interface NAME}: multicast received by the CLI, sent by
 * Debian's {@code /usr/bin/python3} to the group on the same interface. This host's {@code lo} has no
 * MULTICAST flag, so the test makes a veth pair of its own (a random name, deleted in {@code finally}),
 * as throng-net's {@code MulticastTest} does; the sender's loopback delivers to members on this host.
 */
class NcMulticastTest {
    private static final String PYTHON = "/usr/bin/python3";

    private static final String SEND = """
            import socket, sys
            group, port, source = sys.argv[1], int(sys.argv[2]), sys.argv[3]
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(source))
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
            s.sendto(sys.argv[4].encode(), (group, port))
            print('sent', flush=True)
            """;

    @Test
    void ncJoinsAGroupOnAnInterfaceAndPrintsWhatIsSentToIt() throws Exception {
        String link = "thnc" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        int net = ThreadLocalRandom.current().nextInt(1, 250);
        String source = "10.218." + net + ".1";
        String group = "239.218." + net + "." + ThreadLocalRandom.current().nextInt(1, 250);
        run("ip", "link", "add", link, "type", "veth", "peer", "name", link + "p");
        Process member = null;
        try {
            run("ip", "addr", "add", source + "/24", "dev", link);
            run("ip", "link", "set", link, "multicast", "on", "up");
            run("ip", "link", "set", link + "p", "up");
            awaitUp(link);
            int port;
            try (DatagramChannel probe = DatagramChannel.open().bind(new InetSocketAddress("0.0.0.0", 0))) {
                port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
            }
            BlockingQueue<String> nc = new LinkedBlockingQueue<>();
            member = cli(nc, "nc", "--udp", "--listen", "--join", group, "--interface", link, "0.0.0.0", String.valueOf(port));
            assertEquals("joined " + group + " on " + link, await(nc, "joined"));
            await(nc, "listening on udp");
            // Several sends, each a fresh datagram: multicast may be lost, so the sender repeats until heard.
            String heard = null;
            for (int i = 0; i < 20 && heard == null; i++) {
                BlockingQueue<String> py = new LinkedBlockingQueue<>();
                Process sender = peer(py, PYTHON, "-c", SEND, group, String.valueOf(port), source, "heartbeat " + i + "\n");
                await(py, "sent");
                assertTrue(sender.waitFor(60, TimeUnit.SECONDS));
                String line = nc.poll(2, TimeUnit.SECONDS);
                while (line != null && !line.contains("bytes from " + source)) {
                    line = nc.poll(2, TimeUnit.SECONDS);
                }
                heard = line;
            }
            assertTrue(heard != null, "nc heard nothing sent to " + group);
            assertTrue(await(nc, "heartbeat").startsWith("heartbeat "));
        } finally {
            if (member != null) {
                member.destroy();
                if (!member.waitFor(30, TimeUnit.SECONDS)) {
                    member.destroyForcibly();
                }
            }
            run("ip", "link", "del", link); // deleting one end deletes its peer
        }
    }

    private static void awaitUp(String link) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        NetworkInterface nif;
        while ((nif = NetworkInterface.getByName(link)) == null || !nif.isUp()) {
            assertTrue(System.nanoTime() < end, link + " did not come up");
            Thread.sleep(20); // polling the interface's state, not synchronising
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(List.of(cmd) + ": " + out.strip());
        }
    }
}
