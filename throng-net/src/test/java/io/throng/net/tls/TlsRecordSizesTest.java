package io.throng.net.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.throng.net.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records of every size through a session whose buffers are sized to each record (a 100-byte request gets a
 * buffer of about 100 bytes) and whose outgoing buffers are shared between sessions: every byte arrives, in
 * order, at its own peer only, whether records come whole, coalesced, or one byte per TCP segment (so that the
 * server sees record headers cut in two), and read through a 7-byte buffer.
 */
class TlsRecordSizesTest {
    /** Write sizes around the record limit (2^14) and the small ones a request has. */
    private static final int[] SIZES = {1, 3, 5, 100, 1000, 16383, 16384, 16385, 40000};

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recordsOfEverySizeComeBackWholeThroughASmallReadBuffer(Engine engine) throws Exception {
        var config = TlsConfig.of(TlsCertificate.selfSigned());
        try (var server = new TlsServerFixture(engine, config, TlsRecordSizesTest::echoThroughSevenBytes);
                SSLSocket s = TlsPeersTest.javaClient(server.port(), "localhost", config.certificates().getFirst().leaf())) {
            assertEquals(sent(1), echoed(s, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recordHeadersCutIntoSingleBytesAreWaitedFor(Engine engine) throws Exception {
        var config = TlsConfig.of(TlsCertificate.selfSigned());
        try (var server = new TlsServerFixture(engine, config, TlsRecordSizesTest::echoThroughSevenBytes);
                var trickle = new Trickle(server.port());
                SSLSocket s = TlsPeersTest.javaClient(trickle.port(), "localhost", config.certificates().getFirst().leaf())) {
            assertEquals(sent(2), echoed(s, 2));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sessionsEchoingAtOnceEachGetOnlyTheirOwnBytes(Engine engine) throws Exception {
        var config = TlsConfig.of(TlsCertificate.selfSigned());
        try (var server = new TlsServerFixture(engine, config, TlsRecordSizesTest::echoThroughSevenBytes)) {
            List<CompletableFuture<Long>> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int seed = 10 + c;
                CompletableFuture<Long> f = new CompletableFuture<>();
                clients.add(f);
                Thread.ofVirtual().start(() -> {
                    try (SSLSocket s = TlsPeersTest.javaClient(server.port(), "localhost",
                            config.certificates().getFirst().leaf())) {
                        f.complete(echoed(s, seed));
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                });
            }
            for (int c = 0; c < 8; c++) {
                assertEquals(sent(10 + c), clients.get(c).get(60, TimeUnit.SECONDS), "client " + c);
            }
        }
    }

    /** Sends each size's pattern in one write, reads the echo of each and compares: a checksum of what came back. */
    private static long echoed(SSLSocket s, int seed) throws IOException {
        s.setSoTimeout(30_000); // a lost byte fails the read instead of hanging the build
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        long sum = 0;
        for (int size : SIZES) {
            byte[] pattern = pattern(size, seed);
            out.write(pattern);
            out.flush();
            byte[] back = in.readNBytes(size);
            assertArrayEquals(pattern, back, "echo of " + size + " bytes");
            sum += checksum(back);
        }
        return sum;
    }

    private static long sent(int seed) {
        long sum = 0;
        for (int size : SIZES) {
            sum += checksum(pattern(size, seed));
        }
        return sum;
    }

    private static long checksum(byte[] b) {
        long h = b.length;
        for (byte x : b) {
            h = h * 31 + x;
        }
        return h;
    }

    private static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * seed + seed);
        }
        return b;
    }

    /** Reads with a 7-byte buffer and writes back each piece: many small records out, any sizes in. */
    private static void echoThroughSevenBytes(TlsStream tls) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(7);
        while (tls.read(b.clear()) > 0) {
            tls.write(b.flip());
        }
    }

    /** A TCP relay that passes the client's bytes to the server one byte per segment, the answers unchanged. */
    private static final class Trickle implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new ArrayList<>();

        Trickle(int target) throws IOException {
            Thread.ofVirtual().start(() -> {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    server.setTcpNoDelay(true);
                    synchronized (sockets) {
                        sockets.add(client);
                        sockets.add(server);
                    }
                    Thread.ofVirtual().start(() -> pump(client, server, 1));
                    pump(server, client, 8192);
                } catch (IOException e) {
                    // The test's own assertions report what did not arrive.
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        private static void pump(Socket from, Socket to, int chunk) {
            byte[] b = new byte[chunk];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(b)) > 0; ) {
                    out.write(b, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side closed: the relay ends.
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
