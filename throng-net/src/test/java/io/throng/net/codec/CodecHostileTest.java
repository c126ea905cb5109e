package io.throng.net.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.LiveHeap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 10,000 hostile connections against line and length-field echo servers in a process of their own
 * ({@link CodecHostileServer}): 8,000 send a line just under the limit and stall (each holds its reader's
 * buffer and a parked virtual thread), 1,000 send an endless line and 1,000 a 2 GiB length field (both
 * closed at once, without the rest being read). While the 8,000 are held, the server's live heap per
 * connection stays under the limit plus one 8 KiB buffer, and a well-behaved client of each server is
 * still answered. Then 1,000 peers go silent mid-line or mid-frame against servers with a read timeout:
 * all are closed, and the servers hold no connection afterwards.
 */
class CodecHostileTest {
    private static final int HELD = 8_000;
    private static final int ENDLESS = 1_000;
    private static final int HUGE = 1_000;
    private static final int SOURCES = 8;
    private static final int SILENT = 1_000;

    @Test
    void tenThousandHostileConnectionsCostAtMostAFrameAndABufferEachAndOthersAreServed() throws Exception {
        Process server = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx512m", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CodecHostileServer.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Socket> held = new ArrayList<>(HELD);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                Writer in = server.outputWriter()) {
            String[] ports = out.readLine().split(" ");
            int linePort = Integer.parseInt(ports[1]);
            int framePort = Integer.parseInt(ports[2]);
            int timedLinePort = Integer.parseInt(ports[3]);
            int timedFramePort = Integer.parseInt(ports[4]);
            for (int i = 0; i < 200; i++) { // warm-up: classes, JIT, the engine's pools
                echoLine(linePort, "warm " + i);
            }
            awaitConnections(out, in, 0);
            long before = LiveHeap.of(server);

            byte[] almost = new byte[CodecHostileServer.MAX_LINE - 96];
            Arrays.fill(almost, (byte) 'x');
            byte[] endless = new byte[64 * 1024];
            Arrays.fill(endless, (byte) 'y');
            byte[] huge = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'z'};
            for (int i = 0; i < HELD + ENDLESS + HUGE; i++) {
                if (i % 5 == 0) { // one in ten an endless line, one in ten a huge length field
                    try (Socket s = connect(i % 10 == 0 ? linePort : framePort, i)) {
                        assertTrue(closedByServer(s, i % 10 == 0 ? endless : huge), "hostile connection " + i + " closed");
                    }
                } else {
                    Socket s = connect(linePort, i);
                    s.getOutputStream().write(almost);
                    held.add(s);
                }
            }
            assertEquals(HELD, held.size());
            awaitConnections(out, in, HELD);
            long perConnection = (LiveHeap.of(server) - before) / HELD;
            System.out.printf("codec hostile: %d held lines of %d bytes, %d endless lines and %d huge length fields"
                    + " closed; %d bytes of heap per held connection%n", HELD, almost.length, ENDLESS, HUGE, perConnection);
            assertTrue(perConnection < CodecHostileServer.MAX_LINE + 8192,
                    "at most the line limit plus one 8 KiB buffer per connection: " + perConnection);

            assertEquals("still served", echoLine(linePort, "still served"));
            try (Socket s = connect(framePort, 1)) {
                byte[] frame = {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'};
                s.getOutputStream().write(frame);
                assertArrayEquals(frame, s.getInputStream().readNBytes(frame.length));
            }

            for (Socket s : held) {
                s.close();
            }
            held.clear();
            awaitConnections(out, in, 0);
            List<Socket> silent = new ArrayList<>(SILENT);
            try {
                for (int i = 0; i < SILENT; i++) { // half a line, or a length field and a few of its bytes, then nothing
                    Socket s = connect(i % 2 == 0 ? timedLinePort : timedFramePort, i);
                    s.getOutputStream().write(i % 2 == 0 ? new byte[] {'h', 'a', 'l', 'f'} : new byte[] {0, 0, 1, 0, 'a', 'b'});
                    silent.add(s);
                }
                for (int i = 0; i < SILENT; i++) {
                    assertTrue(closedByServer(silent.get(i), new byte[0]), "silent connection " + i + " closed");
                }
                awaitConnections(out, in, 0);
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
            server.destroy();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        }
    }

    private static String echoLine(int port, String line) throws IOException {
        try (Socket s = connect(port, 0)) {
            s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** Sends {@code bytes} and reads until the server closes; false if it kept the connection for a minute. */
    private static boolean closedByServer(Socket s, byte[] bytes) throws IOException {
        try {
            s.getOutputStream().write(bytes);
            byte[] sink = new byte[1024];
            while (s.getInputStream().read(sink) >= 0) {
                // an echo of nothing: a hostile frame gets no answer
            }
            return true;
        } catch (SocketException reset) {
            return true; // closed while we still sent, or with our bytes unread: a reset
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        }
    }

    private static Socket connect(int port, int i) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress("127.0.0." + (2 + i % SOURCES), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
        s.setSoTimeout(60_000);
        return s;
    }

    /** Asks until the servers hold {@code expected} connections, for at most two minutes. */
    private static void awaitConnections(BufferedReader out, Writer in, int expected) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            in.write("count\n");
            in.flush();
            int n = Integer.parseInt(out.readLine().split(" ")[1]);
            if (n == expected) {
                return;
            }
            assertTrue(System.nanoTime() < end, "expected " + expected + " connections, the servers hold " + n);
            Thread.sleep(100); // polling a count, not synchronising: the loop waits on the condition
        }
    }
}
