package io.throng.net.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.Engine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hostile handshakes of {@link TlsConnectionTest} at scale, against a TLS server in a process of its own
 * ({@link TlsScaleServer}; one process may hold 20,000 files, and server and clients together would pass it):
 *
 * <ol>
 *   <li>10,000 connections that stall the handshake (9,800 inside their ClientHello, 200 after a whole
 *       one, so the server has answered and waits for the client's second flight) are all held at once with
 *       no thread serving them and no record buffer each (heap after GC, per connection), then all cut at
 *       the handshake timeout;</li>
 *   <li>100,000 handshakes (25,000 on NIO) aborted by the client (RST or FIN; before anything, inside the ClientHello, or
 *       after a whole one) leave the server's open descriptors, platform threads and heap after GC where
 *       they were before.</li>
 * </ol>
 */
class TlsScaleTest {
    private static final int STALLED = 10_000;
    /** Aborted handshakes per engine: NIO's accept path is about twice as slow, so it runs a quarter. */
    private static final Map<Engine, Integer> ABORTED = Map.of(Engine.EPOLL, 100_000, Engine.NIO, 25_000);
    private static final long TIMEOUT_MS = 30_000;
    /** A ClientHello cut short: the record says 200 bytes, 24 come. */
    private static final byte[] PARTIAL_HELLO = HexFormat.of().parseHex("16030100c8" + "010000c4" + "0303" + "00".repeat(16));
    /** Clients bind several loopback sources, so 100,000 connections never run short of ephemeral ports. */
    private static final int SOURCES = 8;

    /** The server's counts; its live heap in bytes (0 in a {@code count} answer). */
    record Stats(int connections, int active, int threads, int files, long heap) {
        static Stats parse(String line) {
            String[] f = line.split(" ");
            return new Stats(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), 0);
        }

        Stats withHeap(long bytes) {
            return new Stats(connections, active, threads, files, bytes);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void stalledHandshakesHoldNothingAndAbortedOnesLeaveNothing(Engine engine) throws Exception {
        byte[] fullHello = clientHello();
        Process server = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx512m", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TlsScaleServer.class.getName(), engine.name(), Long.toString(TIMEOUT_MS))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                Writer in = server.outputWriter()) {
            int port = Integer.parseInt(out.readLine().substring("port ".length()));
            abort(port, 2_000, fullHello); // warm-up: classes, JIT, the engine's pools
            awaitConnections(server, out, in, 0);
            Stats before = stats(server, out, in);

            // 1. Stalled handshakes, all held at once, then cut at the timeout.
            List<Socket> stalled = new ArrayList<>(STALLED);
            try {
                long start = System.nanoTime();
                for (int i = 0; i < STALLED; i++) {
                    Socket s = connect(port, i);
                    s.getOutputStream().write(i % 50 == 0 ? fullHello : PARTIAL_HELLO);
                    stalled.add(s);
                }
                Stats held = awaitConnections(server, out, in, STALLED);
                long connected = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(connected < TIMEOUT_MS, "the measure was taken before any timeout: " + connected + " ms");
                long perConnection = (held.heap() - before.heap()) / STALLED;
                System.out.printf("%s: %d stalled handshakes: %d ms to connect, %d platform threads (%d before),"
                        + " %d active, %d bytes of heap each, %d files%n", engine, STALLED, connected, held.threads(),
                        before.threads(), held.active(), perConnection, held.files());
                assertTrue(held.threads() <= before.threads() + 4, "platform threads " + before.threads() + " -> " + held.threads());
                assertTrue(perConnection < 16 * 1024, "less than one record buffer per stalled connection: " + perConnection);
                assertTrue(held.files() >= before.files() + STALLED, "the server holds them all: " + held.files());

                awaitConnections(server, out, in, 0);
                long cut = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(cut >= TIMEOUT_MS && cut < TIMEOUT_MS + connected + 20_000, "all cut at the timeout: " + cut + " ms");
                for (int i = 0; i < STALLED; i++) {
                    Socket s = stalled.get(i);
                    s.setSoTimeout(5_000);
                    byte[] got = readToEnd(s);
                    if (i % 50 != 0) {
                        assertEquals(0, got.length, "a stalled ClientHello is answered with nothing");
                    } else {
                        assertTrue(got.length > 0 && got[0] == 0x16, "the server's first flight, then the close");
                    }
                }
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }

            // 2. Aborted handshakes leave nothing behind.
            long start = System.nanoTime();
            abort(port, ABORTED.get(engine), fullHello);
            Stats after = awaitConnections(server, out, in, 0);
            System.out.printf("%s: %d aborted handshakes in %d ms; files %d -> %d, platform threads %d -> %d,"
                    + " heap after GC %d KB -> %d KB%n", engine, ABORTED.get(engine), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    before.files(), after.files(), before.threads(), after.threads(), before.heap() / 1024, after.heap() / 1024);
            assertTrue(after.files() <= before.files() + 2, "open files " + before.files() + " -> " + after.files());
            assertTrue(after.threads() <= before.threads() + 4, "platform threads " + before.threads() + " -> " + after.threads());
            assertTrue(after.heap() < before.heap() + 4 * 1024 * 1024,
                    "heap after GC " + before.heap() / 1024 + " KB -> " + after.heap() / 1024 + " KB");
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /**
     * {@code n} connections from four threads, each ended by the client: by RST or FIN, after nothing, part
     * of a ClientHello, or (one in fifty) a whole one, which makes the server do its key exchange.
     */
    private static void abort(int port, int n, byte[] fullHello) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        try (Socket s = connect(port, i)) {
                            switch (i % 50 == 0 ? 2 : i % 2) {
                                case 0 -> { }
                                case 1 -> s.getOutputStream().write(PARTIAL_HELLO);
                                default -> s.getOutputStream().write(fullHello);
                            }
                            if (i % 4 < 2) {
                                s.setSoLinger(true, 0); // RST
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        }
    }

    private static Socket connect(int port, int i) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress("127.0.0." + (2 + i % SOURCES), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return s;
    }

    /** A TLS 1.3 ClientHello from the JDK's client engine: the same bytes serve every connection. */
    private static byte[] clientHello() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine client = context.createSSLEngine("scale.test", 443);
        client.setUseClientMode(true);
        ByteBuffer net = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(ByteBuffer.allocate(0), net);
        return Arrays.copyOf(net.array(), net.position());
    }

    /** The server's counts and its live heap ({@link io.throng.net.LiveHeap}). */
    private static Stats stats(Process server, BufferedReader out, Writer in) throws Exception {
        return ask(out, in, "stats").withHeap(io.throng.net.LiveHeap.of(server));
    }

    private static Stats ask(BufferedReader out, Writer in, String what) throws IOException {
        in.write(what + "\n");
        in.flush();
        return Stats.parse(out.readLine());
    }

    /**
     * Asks until the server holds {@code expected} connections and no thread serves any (the wakes the
     * clients' bytes caused are done), for at most 60 s; the last answer.
     */
    private static Stats awaitConnections(Process server, BufferedReader out, Writer in, int expected) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Stats s = ask(out, in, "count");
            if (s.connections() == expected && s.active() == 0) {
                return stats(server, out, in);
            }
            assertTrue(System.nanoTime() < end, "expected " + expected + " connections, none active; the server has " + s);
            Thread.sleep(100);
        }
    }

    private static byte[] readToEnd(Socket s) throws IOException {
        try {
            return s.getInputStream().readAllBytes();
        } catch (SocketException reset) {
            return new byte[0];
        }
    }
}
