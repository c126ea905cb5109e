package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code throng capture} as a process on loopback: without CAP_NET_RAW it says so in one line and
 * exits 3; {@code -c} stops after that many frames and the pcap reads in tshark; SIGINT stops it
 * cleanly with its closing count. The filters themselves are held against tcpdump's in
 * throng-packet's CaptureVethTest.
 */
class CaptureCommandTest {
    @TempDir
    Path dir;

    @Test
    void withoutCapNetRawItSaysWhichCapabilityInOneLineAndExits3() throws Exception {
        CliProcesses.assertNeedsCapNetRaw("capture", "-i", "lo");
    }

    @Test
    void badFilterIsAUsageErrorAndAMissingInterfaceAnEnvironmentOne() {
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.USAGE, Main.run(new String[] {"capture", "-i", "lo", "tcp", "port", "http"},
                new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("not a port number: 'http'"), err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(ExitCodes.ENVIRONMENT, Main.run(new String[] {"capture", "-i", "nosuchif0"},
                new PrintWriter(new StringWriter()), new PrintWriter(err2)));
        assertTrue(err2.toString().contains("no such interface: nosuchif0"), err2.toString());
    }

    @Test
    void countStopsAfterThatManyFramesAndTsharkReadsTheFile() throws Exception {
        Path file = dir.resolve("lo.pcap");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = CliProcesses.cli(lines, "capture", "-i", "lo", "-c", "4", "-w", file.toString(), "udp", "and", "dst", "port", "39123");
        CliProcesses.await(lines, "capturing on lo");
        try (DatagramSocket s = new DatagramSocket()) {
            // Each datagram on loopback is seen twice (out and in); send until the capture has its four.
            for (int i = 0; i < 600 && !p.waitFor(100, TimeUnit.MILLISECONDS); i++) {
                byte[] b = ("datagram " + i).getBytes(StandardCharsets.US_ASCII);
                s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), 39123));
                s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), 39124)); // filtered out
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "capture -c 4 did not end");
        assertEquals(0, p.exitValue());
        assertTrue(CliProcesses.await(lines, "packets captured").startsWith("4 packets captured"));
        List<String> ports = run("tshark", "-r", file.toString(), "-T", "fields", "-e", "udp.dstport");
        assertEquals(List.of("39123", "39123", "39123", "39123"), ports);
        assertEquals(List.of(), run("tshark", "-r", file.toString(), "-Y", "_ws.malformed"));
    }

    @Test
    void sigintStopsItCleanlyWithTheKernelsCounts() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        // env resets SIGINT to its default, in case this JVM was started with it ignored (a background job)
        Process p = CliProcesses.cliWith(lines, List.of("env", "--default-signal=INT"), "capture", "-i", "lo", "udp port 39125");
        CliProcesses.await(lines, "capturing on lo");
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] b = "hello".getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), 39125));
        }
        String line = CliProcesses.await(lines, ":39125: UDP len 5");
        assertTrue(line.contains("127.0.0.1:"), line);
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "SIGINT did not stop the capture");
        assertEquals(0, p.exitValue());
        assertTrue(CliProcesses.await(lines, "packets captured").matches("\\d+ packets captured, \\d+ received by filter, 0 dropped by kernel"));
    }

    private static List<String> run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd));
        return out.lines().toList();
    }
}
