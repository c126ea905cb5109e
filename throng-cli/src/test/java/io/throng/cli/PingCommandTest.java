package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code throng ping} and {@code throng traceroute} as processes: iputils' exit codes (0 a reply, 1
 * none, 2 another error), 3 and one line naming CAP_NET_RAW without the capability, iputils' lines on
 * loopback. The paths across routers are tested in throng-packet's PingChainTest and
 * TracerouteChainTest.
 */
class PingCommandTest {
    private static final List<String> UNPRIVILEGED = List.of("setpriv", "--bounding-set", "-net_raw,-net_admin", "--inh-caps=-all");

    @Test
    void withoutCapNetRawEachSaysWhichCapabilityInOneLineAndExits3() throws Exception {
        for (String[] args : List.of(new String[] {"ping", "-c", "1", "127.0.0.1"}, new String[] {"traceroute", "-n", "127.0.0.1"},
                new String[] {"traceroute", "-I", "-n", "127.0.0.1"})) {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Process p = CliProcesses.cliWith(lines, UNPRIVILEGED, args);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            List<String> out = drain(lines);
            assertEquals(ExitCodes.ENVIRONMENT, p.exitValue(), String.join("\n", out));
            assertEquals(1, out.size(), String.join("\n", out));
            assertTrue(out.getFirst().contains("needs CAP_NET_RAW"), out.getFirst());
        }
    }

    @Test
    void repliesOnLoopbackExitZeroWithIputilsLines() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = CliProcesses.cli(lines, "ping", "-c", "3", "-i", "0.2", "127.0.0.1");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> out = drain(lines);
        assertEquals(0, p.exitValue(), String.join("\n", out));
        assertEquals("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.", out.getFirst());
        for (int seq = 1; seq <= 3; seq++) {
            String prefix = "64 bytes from 127.0.0.1: icmp_seq=" + seq + " ttl=64 time=";
            assertTrue(out.stream().anyMatch(l -> l.startsWith(prefix) && l.endsWith(" ms")), String.join("\n", out));
        }
        assertTrue(out.contains("--- 127.0.0.1 ping statistics ---"), String.join("\n", out));
        assertTrue(out.stream().anyMatch(l -> l.matches("3 packets transmitted, 3 received, 0% packet loss, time \\d+ms")), String.join("\n", out));
    }

    @Test
    void noReplyExits1AndQuietPrintsOnlyTheStatistics() throws Exception {
        String ns = "pngq" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
        run("ip", "netns", "add", ns);
        try {
            run("ip", "-n", ns, "link", "set", "lo", "up");
            run("ip", "netns", "exec", ns, "iptables", "-A", "INPUT", "-p", "icmp", "--icmp-type", "echo-request", "-j", "DROP");
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Process p = CliProcesses.cliWith(lines, List.of("ip", "netns", "exec", ns), "ping", "-q", "-c", "2", "-i", "0.2", "-W", "1", "127.0.0.1");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            List<String> out = drain(lines);
            assertEquals(ExitCodes.FAILURE, p.exitValue(), String.join("\n", out));
            assertEquals(List.of("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.", "", "--- 127.0.0.1 ping statistics ---"), out.subList(0, 3));
            assertTrue(out.get(3).matches("2 packets transmitted, 0 received, 100% packet loss, time \\d+ms"), out.get(3));
            assertEquals(4, out.size(), String.join("\n", out));
        } finally {
            new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void badOptionsAndUnknownHostsExit2() {
        for (String[] args : List.of(new String[] {"ping", "-t", "0", "127.0.0.1"}, new String[] {"ping", "-s", "70000", "127.0.0.1"},
                new String[] {"ping", "-i", "-1", "127.0.0.1"}, new String[] {"ping", "-4", "::1"},
                new String[] {"ping", "-c", "1", "no-such-host.invalid"}, new String[] {"traceroute", "-m", "0", "127.0.0.1"},
                new String[] {"traceroute", "-4", "::1"})) {
            StringWriter err = new StringWriter();
            assertEquals(2, Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err)), String.join(" ", args) + ": " + err);
            assertTrue(err.toString().startsWith("throng: "), err.toString());
        }
    }

    @Test
    void tracerouteToLoopbackIsOneHopForUdpAndIcmp() throws Exception {
        for (String mode : List.of("-U", "-I")) {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Process p = mode.equals("-I") ? CliProcesses.cli(lines, "traceroute", "-I", "-n", "-q", "2", "127.0.0.1")
                    : CliProcesses.cli(lines, "traceroute", "-n", "-q", "2", "127.0.0.1");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            List<String> out = drain(lines);
            assertEquals(0, p.exitValue(), String.join("\n", out));
            assertEquals("traceroute to 127.0.0.1 (127.0.0.1), 30 hops max, 60 byte packets", out.getFirst());
            assertTrue(out.get(1).matches(" 1  127\\.0\\.0\\.1  [0-9.]+ ms  [0-9.]+ ms"), out.get(1));
            assertEquals(2, out.size(), String.join("\n", out));
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    }

    private static List<String> drain(BlockingQueue<String> lines) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (String l; (l = lines.poll(2, TimeUnit.SECONDS)) != null; ) { // the reader thread may trail the exit
            out.add(l);
        }
        return out;
    }
}
