package io.throng.net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** examples/java/UdpEcho.java and MulticastHeartbeat.java run as single-file programs, as their headers say. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "java").toAbsolutePath().normalize();

    private static Process example(String file, String... args) throws Exception {
        String[] cmd = new String[args.length + 4];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        cmd[1] = "-cp";
        cmd[2] = System.getProperty("java.class.path");
        cmd[3] = EXAMPLES.resolve(file).toString();
        System.arraycopy(args, 0, cmd, 4, args.length);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    @Test
    void udpEchoEchoesInline() throws Exception {
        udpEchoEchoes("0");
    }

    @Test
    void udpEchoEchoesOnAPool() throws Exception {
        udpEchoEchoes("0", "--pool", "4");
    }

    private static void udpEchoEchoes(String... args) throws Exception {
        Process p = example("UdpEcho.java", args);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             UdpSocket client = UdpSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith("udp echo on "), String.valueOf(ready));
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(ready.substring(12)));
            for (String msg : new String[] {"one", "two", ""}) {
                client.send(msg.getBytes(StandardCharsets.UTF_8), server);
                Datagram back = client.receive(Duration.ofSeconds(30));
                assertEquals(msg, new String(back.data(), StandardCharsets.UTF_8));
                assertEquals(server, back.sender());
            }
        } finally {
            stop(p);
        }
    }

    @Test
    void twoHeartbeatsHearEachOtherOverIpv4AndIpv6() throws Exception {
        try (MulticastLink link = MulticastLink.create()) {
            for (String group : new String[] {"239.255.19.9", "ff02::1:19"}) {
                Process a = example("MulticastHeartbeat.java", "alpha", group, "17019", link.name, "3");
                Process b = example("MulticastHeartbeat.java", "beta", group, "17019", link.name, "3");
                try (BufferedReader out = new BufferedReader(new InputStreamReader(a.getInputStream(), StandardCharsets.UTF_8))) {
                    // alpha hears beta's beats (through the group, on the chosen interface) until beat 3.
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                    String line;
                    boolean heard = false;
                    while (!heard && System.nanoTime() < end && (line = out.readLine()) != null) {
                        heard = line.startsWith("heard beta beat 3 ");
                    }
                    assertTrue(heard, "alpha never heard beta's third beat on " + group);
                } finally {
                    stop(a);
                    stop(b);
                }
            }
        }
    }
}
