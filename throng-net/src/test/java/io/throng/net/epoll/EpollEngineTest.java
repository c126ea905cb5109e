package io.throng.net.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.Engine;
import io.throng.net.EpollProbe;
import io.throng.net.PlaintextServer;
import io.throng.net.Protocol;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.nio.ByteBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The epoll engine under {@link TcpServer} against real clients, with the benchmark fixture as the
 * protocol: keep-alive, pipelining, byte-at-a-time heads, EOF, big writes, and the sub-pollers' wake-ups.
 */
class EpollEngineTest {
    private static final byte[] GET = "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void servesKeepAliveAndPipelinedRequestsThenClosesOnClientEof() throws Exception {
        try (TcpServer engine = fixture();
                Socket s = connect(engine)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) { // one connection, one request after another
                out.write(GET);
                assertEquals("Hello, World!", body(in));
            }
            out.write(concat(GET, GET, "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertEquals("Hello, World!", body(in));
            assertEquals("Hello, World!", body(in));
            assertTrue(head(in).startsWith("HTTP/1.1 404 "));
            s.shutdownOutput();
            assertEquals(-1, in.read(), "the server closes once the client has sent its FIN");
        }
    }

    @Test
    void theSameFixtureServesKeepAliveOnTheNioEngine() throws Exception {
        try (TcpServer server = PlaintextServer.start(ServerOptions.of("127.0.0.1", 0).withEngine(Engine.NIO));
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            for (int i = 0; i < 3; i++) {
                s.getOutputStream().write(GET);
                assertEquals("Hello, World!", body(s.getInputStream()));
            }
            s.shutdownOutput();
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void readsAHeadThatArrivesOneByteAtATime() throws Exception {
        try (TcpServer engine = fixture();
                Socket s = connect(engine)) {
            s.setTcpNoDelay(true);
            for (int round = 0; round < 2; round++) {
                for (byte b : GET) { // every read is short, so every next read parks on the edge flag
                    s.getOutputStream().write(b);
                    s.getOutputStream().flush();
                }
                assertEquals("Hello, World!", body(s.getInputStream()));
            }
        }
    }

    @Test
    void curlReusesTheConnection() throws Exception {
        try (TcpServer engine = fixture()) {
            String url = "http://127.0.0.1:" + engine.port() + "/plaintext";
            Process p = new ProcessBuilder("curl", "-sv", "--max-time", "10", url, url).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor());
            assertEquals(2, output.split("Hello, World!", -1).length - 1, output);
            assertTrue(output.contains("Re-using existing connection") || output.contains("Reusing existing"), output);
        }
    }

    @Test
    void manyConcurrentConnectionsLoseNoWakeup() throws Exception {
        try (TcpServer engine = fixture();
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < 200; c++) {
                Callable<Integer> client = () -> {
                    try (Socket s = connect(engine)) {
                        int served = 0;
                        for (int i = 0; i < 50; i++) {
                            s.getOutputStream().write(GET);
                            served += body(s.getInputStream()).equals("Hello, World!") ? 1 : 0;
                        }
                        return served;
                    }
                };
                done.add(clients.submit(client));
            }
            for (Future<Integer> f : done) {
                assertEquals(50, f.get(60, TimeUnit.SECONDS)); // a lost wakeup would end in a read timeout
            }
        }
    }

    @Test
    void aWriteLargerThanTheSocketBuffersWaitsForTheReader() throws Exception {
        assertABigWriteArrives(pattern(16 << 20, 31), 64 << 10, false);
    }

    @Test
    void stopEndsConnectionsThatWaitForBytes() throws Exception {
        TcpServer engine = fixture();
        try (Socket s = connect(engine)) {
            s.getOutputStream().write(GET);
            assertEquals("Hello, World!", body(s.getInputStream())); // its thread now waits for the next head
            engine.shutdown(Duration.ofSeconds(5));
            assertEquals(-1, s.getInputStream().read());
            assertEquals(0, engine.connectionCount());
        }
    }

    /**
     * One set is the default on 2 cores (one per two cores), two exercise both sub-pollers beside the master.
     */
    @ParameterizedTest(name = "{0} set(s)")
    @ValueSource(ints = {1, 2})
    void subPollersParkOnTheMasterAndItWakesThemForManyConnections(int sets) throws Exception {
        // More connections than MAX_EVENTS per set, so one poll after an idle period returns exactly
        // MAX_EVENTS edges and the sub-poller must poll again rather than park.
        int connections = 2 * SubPoller.MAX_EVENTS + 600;
        try (TcpServer engine = PlaintextServer.start(options().withPollers(sets))) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int c = 0; c < connections; c++) {
                    sockets.add(connect(engine));
                }
                for (int round = 0; round < 3; round++) {
                    // Both sub-pollers parked: from here only the master can make them poll again.
                    List<Pollers.SetState> before = awaitAllParked(engine);
                    for (Socket s : sockets) {
                        s.getOutputStream().write(GET);
                    }
                    for (Socket s : sockets) { // a lost wake-up ends in the socket's read timeout
                        assertEquals("Hello, World!", body(s.getInputStream()));
                    }
                    List<Pollers.SetState> after = EpollProbe.sets(engine);
                    assertEquals(sets, after.size());
                    for (int p = 0; p < sets; p++) {
                        assertTrue(after.get(p).wakeups() > before.get(p).wakeups(),
                                "the master woke sub-poller " + p + ": " + before + " -> " + after);
                    }
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void pipelinedResponsesThatFillTheSocketResumeAfterTheSubPollersPark() throws Exception {
        int requests = 40_000; // about 5 MB of responses, far more than the socket buffers hold
        try (TcpServer engine = fixture();
                ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Socket> sockets = List.of(connect(engine), connect(engine), connect(engine)); // both sets
            try {
                List<Future<?>> sent = new ArrayList<>();
                for (Socket s : sockets) {
                    s.setReceiveBufferSize(32 << 10);
                    sent.add(writer.submit(() -> {
                        OutputStream out = s.getOutputStream();
                        for (int i = 0; i < requests; i++) { // blocks once the server stops reading
                            out.write(GET);
                        }
                        return null;
                    }));
                }
                // Nobody reads yet: each server thread waits for EPOLLOUT and the sub-pollers park.
                awaitAllParked(engine);
                for (Socket s : sockets) {
                    InputStream in = new java.io.BufferedInputStream(s.getInputStream());
                    for (int i = 0; i < requests; i++) {
                        assertEquals("Hello, World!", body(in), "response " + i);
                    }
                }
                for (Future<?> f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aLargeWriteBlockedWhileThePollersParkIsWokenWhenTheReaderDrains() throws Exception {
        assertABigWriteArrives(pattern(8 << 20, 7), 32 << 10, true);
    }

    @Test
    void stopEndsParkedSubPollersAndTheMaster() throws Exception {
        TcpServer engine = fixture();
        try (Socket s = connect(engine)) {
            s.getOutputStream().write(GET);
            assertEquals("Hello, World!", body(s.getInputStream()));
            awaitAllParked(engine);
            // stop() joins the master and every sub-poller: a sub-poller left parked would hang it.
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> engine.shutdown(Duration.ofSeconds(5)));
            assertEquals(-1, s.getInputStream().read());
        }
    }

    /** Waits (polling the engine's state, bounded) until every sub-poller is parked on the master. */
    private static List<Pollers.SetState> awaitAllParked(TcpServer engine) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (;;) {
            List<Pollers.SetState> states = EpollProbe.sets(engine);
            if (states.stream().allMatch(Pollers.SetState::parked)) {
                return states;
            }
            assertTrue(System.nanoTime() < deadline, "sub-pollers never all parked: " + states);
            Thread.sleep(1); // polls observable state; it orders nothing
        }
    }

    private static byte[] pattern(int size, int step) {
        byte[] b = new byte[size];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * step);
        }
        return b;
    }

    /**
     * A server that, after one byte, writes all of {@code big} in one call and closes, to a client whose
     * receive buffer is small; if {@code pollersParkFirst}, the client reads only once both sub-pollers
     * have parked, so only the master can resume the blocked writer.
     */
    private static void assertABigWriteArrives(byte[] big, int receiveBuffer, boolean pollersParkFirst)
            throws Exception {
        Protocol sendBig = c -> {
            if (c.read(ByteBuffer.allocate(1)) == 1) {
                c.write(ByteBuffer.wrap(big));
            }
            return false; // the server closes after the write
        };
        try (TcpServer engine = TcpServer.start(options(), sendBig); Socket s = connect(engine)) {
            s.setReceiveBufferSize(receiveBuffer);
            s.getOutputStream().write('x');
            if (pollersParkFirst) {
                awaitAllParked(engine);
            }
            assertArrayEquals(big, s.getInputStream().readAllBytes());
        }
    }

    /** Two epoll sets, so that both sub-pollers and the master are exercised on any machine. */
    private static ServerOptions options() {
        return ServerOptions.of("127.0.0.1", 0).withEngine(Engine.EPOLL).withPollers(2);
    }

    private static TcpServer fixture() throws IOException {
        return PlaintextServer.start(options());
    }

    private static Socket connect(TcpServer engine) throws IOException {
        Socket s = new Socket("127.0.0.1", engine.port());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Reads one response head up to CRLFCRLF. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream inside a head: " + head);
            }
            head.write(b);
            String h = head.toString(StandardCharsets.US_ASCII);
            if (h.endsWith("\r\n\r\n")) {
                return h;
            }
        }
    }

    /** Reads one response and returns its body, sized by Content-Length. */
    private static String body(InputStream in) throws IOException {
        String h = head(in);
        assertTrue(h.startsWith("HTTP/1.1 200 OK\r\n"), h);
        int at = h.indexOf("Content-Length: ") + 16;
        int length = Integer.parseInt(h.substring(at, h.indexOf("\r\n", at)));
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }
}
