package io.throng.load.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.net.ServerOptions;
import io.throng.net.tls.TlsCertificate;
import io.throng.net.tls.TlsClient;
import io.throng.net.tls.TlsConfig;
import io.throng.net.tls.TlsContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TlsWire} driven by a selector as the loops drive it, against Throng's HTTPS server, at its edges: a
 * caller buffer far smaller than one record (the plaintext waits in the connection and {@code buffered()} says so),
 * a request body far larger than the socket takes at once (ciphertext waits, OP_WRITE), and nothing held once
 * the exchange is over.
 */
class TlsWireTest {
    private static final byte[] BODY = new byte[300_000];
    static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        new Random(15).nextBytes(BODY);
        TlsContext tls = TlsContext.of(TlsConfig.of(TlsCertificate.selfSigned()));
        server = HttpServer.start(ServerOptions.of("127.0.0.1", 0).withTls(tls), HttpOptions.defaults()
                .withMaxBody(4 << 20), (req, res) -> {
                    if (req.method().equals("POST")) {
                        byte[] body = req.bodyBytes();
                        res.send(Arrays.hashCode(body) + " " + body.length);
                    } else {
                        res.send(BODY);
                    }
                });
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(2));
    }

    /** A connected wire with its handshake done, and its selector key. */
    private record Open(SocketChannel channel, Selector selector, SelectionKey key, TlsWire wire) implements AutoCloseable {
        static Open connect() throws IOException {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
            ch.configureBlocking(false);
            Selector selector = Selector.open();
            SelectionKey key = ch.register(selector, 0);
            SSLEngine engine = TlsClient.insecure().newEngine("127.0.0.1", server.port());
            TlsWire wire = new TlsWire(ch, engine, new TlsBuffers(engine, 64 * 1024));
            Open o = new Open(ch, selector, key, wire);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int wait;
            while ((wait = wire.handshake()) != 0) {
                o.await(wait, deadline);
            }
            return o;
        }

        void await(int ops, long deadline) throws IOException {
            key.interestOps(ops);
            selector.selectedKeys().clear();
            assertTrue(System.nanoTime() < deadline, "timed out");
            selector.select(1_000);
        }

        /** Writes all of {@code b}, waiting for OP_WRITE as a loop does; how many times it had to wait. */
        int writeAll(ByteBuffer b, long deadline) throws IOException {
            int waits = 0;
            while (!wire.write(b)) {
                await(SelectionKey.OP_WRITE, deadline);
                waits++;
            }
            assertEquals(0, b.remaining());
            return waits;
        }

        /** Reads one response (head and Content-Length body) through {@code dst}-sized reads. */
        byte[] response(int dstSize, long deadline) throws IOException {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer dst = ByteBuffer.allocate(dstSize);
            int expected = -1;
            while (expected < 0 || got.size() < expected) {
                if (expected < 0) {
                    expected = expectedLength(got.toByteArray()); // the head is small: parsed until found
                    if (expected >= 0 && got.size() >= expected) {
                        break;
                    }
                }
                dst.clear();
                int n = wire.read(dst);
                assertTrue(n >= 0, "closed early");
                got.write(dst.array(), 0, dst.position());
                if (n == 0 && !wire.buffered()) {
                    await(SelectionKey.OP_READ, deadline);
                }
            }
            return got.toByteArray();
        }

        @Override
        public void close() throws IOException {
            selector.close();
            channel.close();
        }
    }

    /** The whole response's length once its head is in, else -1. */
    private static int expectedLength(byte[] r) {
        String s = new String(r, 0, Math.min(r.length, 4096), StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) {
            return -1;
        }
        String head = s.substring(0, end + 2).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length:");
        return end + 4 + Integer.parseInt(head.substring(at + 15, head.indexOf("\r\n", at)).trim());
    }

    private static byte[] body(byte[] response) {
        String s = new String(response, StandardCharsets.ISO_8859_1);
        return Arrays.copyOfRange(response, s.indexOf("\r\n\r\n") + 4, response.length);
    }

    @Test
    void aBufferSmallerThanARecordReadsTheWholeBodyAndNothingIsLeftHeld() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (Open o = Open.connect()) {
            o.writeAll(ByteBuffer.wrap("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                    deadline);
            byte[] r = o.response(7, deadline);
            assertArrayEquals(BODY, body(r), "every byte, in order, through 7-byte reads");
            assertEquals(false, o.wire().buffered());
            assertEquals(0, o.wire().retained(), "an idle connection holds no buffer");
        }
    }

    @Test
    void aBodyLargerThanTheSocketTakesWaitsForOpWriteAndArrivesWhole() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        byte[] big = new byte[3 << 20];
        new Random(16).nextBytes(big);
        try (Open o = Open.connect()) {
            o.channel().setOption(java.net.StandardSocketOptions.SO_SNDBUF, 16 * 1024);
            byte[] head = ("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + big.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer request = ByteBuffer.allocate(head.length + big.length).put(head).put(big).flip();
            int waits = o.writeAll(request, deadline);
            assertTrue(waits > 0, "3 MB did not fit the socket at once: the wire kept what it did not take");
            byte[] r = o.response(64 * 1024, deadline);
            assertEquals(Arrays.hashCode(big) + " " + big.length, new String(body(r), StandardCharsets.US_ASCII));
            assertEquals(0, o.wire().retained());
        }
    }
}
