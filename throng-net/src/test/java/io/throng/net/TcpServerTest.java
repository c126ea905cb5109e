package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TcpServerTest {

    /** Echoes each burst of bytes; "slow" waits for the test's latch first; "stall" reads with a deadline. */
    static final class Echo implements Protocol {
        final CountDownLatch inSlow = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch writeTimedOut = new CountDownLatch(1);

        @Override
        public boolean serve(Connection c) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(256);
            if (c.read(b) < 0) {
                return false;
            }
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
            if (s.startsWith("slow")) {
                inSlow.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            if (s.startsWith("flood")) {
                c.deadline(Duration.ofMillis(300));
                ByteBuffer mb = ByteBuffer.allocate(1 << 20);
                try {
                    for (int i = 0; i < 200; i++) { // far more than the socket buffers hold
                        c.write(mb.clear());
                    }
                } catch (SocketTimeoutException e) {
                    writeTimedOut.countDown();
                }
                return false;
            }
            if (s.startsWith("stall")) {
                c.deadline(Duration.ofMillis(200));
                b.clear();
                try {
                    c.read(b); // the client sends nothing more
                } catch (SocketTimeoutException e) {
                    c.clearDeadline();
                    c.write(ByteBuffer.wrap("timeout\n".getBytes(StandardCharsets.US_ASCII)));
                    return false;
                }
            }
            b.flip();
            c.write(new ByteBuffer[] {ByteBuffer.wrap(">".getBytes()), b});
            return true;
        }

        @Override
        public byte[] refusal() {
            return "busy\n".getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Every test runs on both engines: they promise the same life to a connection. */
    static ServerOptions options(Engine engine) {
        return ServerOptions.of("127.0.0.1", 0).withTick(Duration.ofMillis(20)).withEngine(engine);
    }

    static String exchange(Socket s, String msg) throws IOException {
        s.getOutputStream().write(msg.getBytes(StandardCharsets.US_ASCII));
        byte[] buf = new byte[msg.length() + 1];
        int n = s.getInputStream().readNBytes(buf, 0, buf.length);
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        return s;
    }

    static boolean closedByPeer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void echoesOnManyConnectionsWithGatheringWrites(Engine engine) throws Exception {
        try (TcpServer server = TcpServer.start(options(engine), new Echo())) {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sockets.add(connect(server.port()));
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < sockets.size(); i++) {
                    assertEquals(">m" + i, exchange(sockets.get(i), "m" + i));
                }
            }
            assertEquals(50, server.connectionCount());
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void connectionsThatGoColdBetweenBurstsAreWokenByThePoller(Engine engine) throws Exception {
        // With no idle threads every connection goes to the poller after each burst, so each round below is
        // served by a thread the poller started.
        try (TcpServer server = TcpServer.start(options(engine).withIdleThreads(0), new Echo())) {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sockets.add(connect(server.port()));
            }
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < sockets.size(); i++) {
                    assertEquals(">r" + round + "c" + i, exchange(sockets.get(i), "r" + round + "c" + i));
                }
            }
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void connectionsBeyondTheLimitAreRefusedClearly(Engine engine) throws Exception {
        try (TcpServer server = TcpServer.start(options(engine).withMaxConnections(2), new Echo());
             Socket a = connect(server.port());
             Socket b = connect(server.port())) {
            assertEquals(">a", exchange(a, "a"));
            assertEquals(">b", exchange(b, "b"));
            try (Socket c = connect(server.port())) {
                assertEquals("busy\n", new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            }
            assertEquals(">a", exchange(a, "a"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void idleConnectionsAreClosedAtTheIdleTimeout(Engine engine) throws Exception {
        try (TcpServer server = TcpServer.start(options(engine).withIdleTimeout(Duration.ofMillis(300)), new Echo());
             Socket s = connect(server.port())) {
            assertEquals(">x", exchange(s, "x"));
            long start = System.nanoTime();
            assertTrue(closedByPeer(s));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 250 && ms < 3000, "closed after " + ms + " ms");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aReadDeadlineFailsTheWaitingRead(Engine engine) throws Exception {
        try (TcpServer server = TcpServer.start(options(engine), new Echo()); Socket s = connect(server.port())) {
            s.getOutputStream().write("stall".getBytes(StandardCharsets.US_ASCII));
            assertEquals("timeout\n", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aWriteDeadlineFailsAWriteToAClientThatDoesNotRead(Engine engine) throws Exception {
        Echo echo = new Echo();
        try (TcpServer server = TcpServer.start(options(engine), echo); Socket s = connect(server.port())) {
            s.getOutputStream().write("flood".getBytes(StandardCharsets.US_ASCII));
            assertTrue(echo.writeTimedOut.await(5, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void gracefulShutdownLetsInFlightWorkFinishAndClosesIdleConnections(Engine engine) throws Exception {
        Echo echo = new Echo();
        TcpServer server = TcpServer.start(options(engine), echo);
        try (Socket busy = connect(server.port()); Socket idle = connect(server.port())) {
            assertEquals(">i", exchange(idle, "i"));
            busy.getOutputStream().write("slow".getBytes(StandardCharsets.US_ASCII));
            assertTrue(echo.inSlow.await(5, TimeUnit.SECONDS));
            Thread stopper = Thread.ofVirtual().start(() -> server.shutdown(Duration.ofSeconds(5)));
            assertTrue(closedByPeer(idle), "idle connection closed at once");
            assertTrue(stopper.isAlive(), "shutdown waits for the busy connection");
            echo.release.countDown();
            byte[] reply = busy.getInputStream().readNBytes(5);
            assertEquals(">slow", new String(reply, StandardCharsets.US_ASCII));
            assertTrue(closedByPeer(busy), "busy connection closed after its work");
            assertTrue(stopper.join(Duration.ofSeconds(5)));
            assertEquals(0, server.connectionCount());
            try (Socket late = new Socket()) {
                late.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 1000);
                assertFalse(true, "still accepting after shutdown");
            } catch (IOException expected) {
                // refused: the listener is closed
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void shutdownForceClosesWorkThatOutlivesTheGracePeriod(Engine engine) throws Exception {
        Echo echo = new Echo();
        TcpServer server = TcpServer.start(options(engine), echo);
        try (Socket busy = connect(server.port())) {
            busy.getOutputStream().write("slow".getBytes(StandardCharsets.US_ASCII));
            assertTrue(echo.inSlow.await(5, TimeUnit.SECONDS));
            assertFalse(server.shutdown(Duration.ofMillis(200)));
            assertTrue(closedByPeer(busy));
            assertEquals(0, server.connectionCount());
        }
    }

    /** Waits, bounded, until the server counts {@code n} connections; polls observable state, orders nothing. */
    static void awaitConnections(TcpServer server, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.connectionCount() != n) {
            assertTrue(System.nanoTime() < end, "connections: " + server.connectionCount() + ", expected " + n);
            Thread.sleep(5);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDetachedStreamReadsAndWritesFromTwoThreadsAndACloseWakesItsReader(Engine engine) throws Exception {
        CompletableFuture<Throwable> readerEnded = new CompletableFuture<>();
        Protocol upgrade = c -> {
            c.read(ByteBuffer.allocate(1)); // the upgrade request: a protocol reads what woke it before detaching
            ByteStream stream = c.detach();
            Thread writer = Thread.ofVirtual().start(() -> { // writes while this thread is blocked reading
                try {
                    stream.write(new ByteBuffer[] {ByteBuffer.wrap("hello ".getBytes()), ByteBuffer.wrap("there\n".getBytes())});
                } catch (IOException e) {
                    readerEnded.completeExceptionally(e);
                }
            });
            ByteBuffer b = ByteBuffer.allocate(64);
            try {
                while (stream.read(b.clear()) > 0) {
                    b.flip();
                    if (b.get(0) == 'q') {
                        Thread.ofVirtual().start(() -> { // another thread closes while this one reads again
                            try {
                                stream.close();
                            } catch (IOException ignored) {
                                // the assertion below is what matters
                            }
                        });
                    }
                }
                readerEnded.complete(null); // end of stream: also acceptable for a close under a read
            } catch (IOException e) {
                readerEnded.complete(e);
            }
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        };
        try (TcpServer server = TcpServer.start(options(engine), upgrade); Socket s = connect(server.port())) {
            s.getOutputStream().write('x'); // wakes the connection's thread, which detaches
            assertEquals("hello there\n", new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
            s.getOutputStream().write('q');
            readerEnded.get(10, TimeUnit.SECONDS); // a reader not woken by the close would time out here
            assertTrue(closedByPeer(s));
            awaitConnections(server, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPeerResetEndsItsConnectionAndFreesItsPlace(Engine engine) throws Exception {
        try (TcpServer server = TcpServer.start(options(engine).withMaxConnections(1), new Echo())) {
            try (Socket s = connect(server.port())) {
                assertEquals(">a", exchange(s, "a"));
                s.getOutputStream().write("slo".getBytes()); // the thread is busy reading or idle: either way
                s.setSoLinger(true, 0); // close sends RST
            }
            awaitConnections(server, 0);
            try (Socket again = connect(server.port())) {
                assertEquals(">b", exchange(again, "b"), "the reset connection gave back its place");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theRemoteAddressIsThePeers(Engine engine) throws Exception {
        CompletableFuture<java.net.SocketAddress> seen = new CompletableFuture<>();
        Protocol tell = c -> {
            seen.complete(c.remoteAddress());
            return new Echo().serve(c);
        };
        try (TcpServer server = TcpServer.start(options(engine), tell); Socket s = connect(server.port())) {
            assertEquals(">a", exchange(s, "a"));
            assertEquals(s.getLocalSocketAddress(), seen.get(10, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void servesOnIpv6Loopback(Engine engine) throws Exception {
        ServerOptions v6 = ServerOptions.of("::1", 0).withEngine(engine);
        try (TcpServer server = TcpServer.start(v6, new Echo()); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("::1", server.port()), 5000);
            s.setSoTimeout(5000);
            assertEquals(">six", exchange(s, "six"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aGatheringWriteOfManySmallAndSomeLargeBuffersArrivesWholeAndInOrder(Engine engine) throws Exception {
        // More small buffers than one 64 KiB block holds, with large ones between them: the epoll engine
        // copies runs of small buffers into blocks and writes large ones where they are.
        List<ByteBuffer> parts = new ArrayList<>();
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[i % 500 == 250 ? 40_000 : 1 + random.nextInt(90)];
            random.nextBytes(b);
            expected.writeBytes(b);
            parts.add(i % 2 == 0 ? ByteBuffer.wrap(b) : ByteBuffer.allocateDirect(b.length).put(b).flip());
        }
        Protocol send = c -> {
            c.read(ByteBuffer.allocate(1));
            c.write(parts.toArray(ByteBuffer[]::new));
            return false;
        };
        try (TcpServer server = TcpServer.start(options(engine), send); Socket s = connect(server.port())) {
            s.getOutputStream().write('x');
            byte[] got = s.getInputStream().readAllBytes(); // the server closes after the write
            assertEquals(expected.size(), got.length);
            assertTrue(java.util.Arrays.equals(expected.toByteArray(), got), "bytes differ");
        }
    }
}
