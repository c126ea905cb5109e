package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.packet.capture.Slot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code throng bridge} as a process: without CAP_NET_RAW one line naming it and exit 3; an unknown
 * interface exit 3, a bad command line exit 2; between two namespaces joined only by it, ping works,
 * SIGUSR1 prints the counters and the table's two stations, SIGINT ends it with exit 0 and the
 * counters. The forwarding itself is held to account in throng-packet's BridgeVethTest.
 */
class BridgeCommandTest {
    @Test
    void withoutCapNetRawItSaysWhichCapabilityInOneLineAndExits3() throws Exception {
        CliProcesses.assertNeedsCapNetRaw("bridge", "lo", "nosuchif0");
    }

    @Test
    void anUnknownInterfaceIsAnEnvironmentErrorAndABadCommandLineAUsageOne() {
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.ENVIRONMENT, Main.run(new String[] {"bridge", "lo", "nosuchif0"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err)));
        assertTrue(err.toString().contains("no such interface: nosuchif0"), err.toString());
        for (String[] bad : List.of(new String[] {"bridge", "lo"}, new String[] {"bridge", "lo", "lo"},
                new String[] {"bridge", "--max-macs", "0", "lo", "nosuchif0"}, new String[] {"bridge", "--aging", "0s", "lo", "nosuchif0"})) {
            assertEquals(ExitCodes.USAGE, Main.run(bad, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
                    String.join(" ", bad));
        }
    }

    @Test
    void twoNamespacesPingThroughItAndSignalsPrintTheCountersAndStopIt() throws Exception {
        try (Slot slot = Slot.claim(78)) {
            bridgeTwoNamespaces(slot.number);
        }
    }

    /** Names and subnet carry the slot: parallel runs do not collide, and a killed run's leftovers go first. */
    private static void bridgeTwoNamespaces(int s) throws Exception {
        String[] ns = {"tbc" + s + "a", "tbc" + s + "b"}, port = {"tc" + s + "a", "tc" + s + "b"};
        String subnet = "10.78." + s + ".";
        removeNames(ns, port);
        try {
            for (int i = 0; i < 2; i++) {
                NetCut.ip("netns", "add", ns[i]);
                NetCut.ip("link", "add", port[i], "type", "veth", "peer", "name", port[i] + "n");
                NetCut.ip("link", "set", port[i] + "n", "netns", ns[i]);
                NetCut.ip("-n", ns[i], "addr", "add", subnet + (i + 1) + "/24", "dev", port[i] + "n");
                NetCut.ip("-n", ns[i], "link", "set", port[i] + "n", "up");
                NetCut.ip("link", "set", port[i], "up");
            }
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Process bridge = CliProcesses.cliWith(lines, List.of("env", "--default-signal=INT"), "bridge", "--max-macs", "16", port[0], port[1]);
            try {
                CliProcesses.await(lines, "bridging " + port[0] + ", " + port[1]);
                Process ping = new ProcessBuilder("ip", "netns", "exec", ns[0], "ping", "-c", "2", "-i", "0.2", "-w", "30", subnet + "2")
                        .redirectErrorStream(true).start();
                String pingOut = new String(ping.getInputStream().readAllBytes());
                assertTrue(ping.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, ping.exitValue(), pingOut);
                assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(bridge.pid())).start().waitFor());
                String rx = CliProcesses.await(lines, "port " + port[0] + ": rx ");
                assertTrue(rx.matches("port \\S+: rx [1-9]\\d* frames \\d+ bytes, tx [1-9]\\d* frames .*dropped 0 \\(truncated 0\\)"), rx);
                assertTrue(CliProcesses.await(lines, "mac table: ").startsWith("mac table: 2 of 16 entries, learned 2"));
                assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(bridge.pid())).start().waitFor());
                assertTrue(bridge.waitFor(60, TimeUnit.SECONDS), "SIGINT did not stop the bridge");
                assertEquals(0, bridge.exitValue());
                assertTrue(CliProcesses.await(lines, "mac table: ").startsWith("mac table: 2 of 16 entries"));
            } finally {
                bridge.destroyForcibly().waitFor();
            }
        } finally {
            removeNames(ns, port);
        }
    }

    private static void removeNames(String[] ns, String[] port) throws Exception {
        for (int i = 0; i < 2; i++) {
            new ProcessBuilder("ip", "link", "del", port[i]).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            new ProcessBuilder("ip", "netns", "del", ns[i]).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }
}
