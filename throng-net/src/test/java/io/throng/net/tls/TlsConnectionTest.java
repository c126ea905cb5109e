package io.throng.net.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.Connection;
import io.throng.net.Engine;
import io.throng.net.Protocol;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS under {@link Connection} ({@link ServerOptions#withTls}): the protocol sees plaintext, idle TLS
 * connections are cold, handshakes wait for the client's flights with no thread, hostile clients get the
 * engine's alert and leave the server's count.
 */
class TlsConnectionTest {
    static TestPki pki;
    static TlsConfig config;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = new TestPki();
        config = TlsConfig.of(pki.tlsCertificate(pki.leaf(TestPki.ec(), "alpha.test")));
    }

    /** Echoes what each wake brings, draining what is already there, then idles. */
    static final class Echo implements Protocol {
        final BlockingQueue<TlsInfo> seen = new LinkedBlockingQueue<>();

        @Override
        public boolean serve(Connection c) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(4096);
            int n = c.read(b);
            if (n < 0) {
                return false;
            }
            while (n > 0) {
                c.write(b.flip());
                n = c.readNow(b.clear());
            }
            seen.add(c.tls());
            return n >= 0;
        }
    }

    static TcpServer start(Engine engine, TlsConfig tls, Protocol protocol, Duration idle) throws Exception {
        ServerOptions options = ServerOptions.of("127.0.0.1", 0).withTick(Duration.ofMillis(20)).withEngine(engine)
                .withIdleTimeout(idle).withTls(TlsContext.of(tls));
        return TcpServer.start(options, protocol);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aKeepAliveConnectionIsColdBetweenExchanges(Engine engine) throws Exception {
        Echo echo = new Echo();
        try (TcpServer server = start(engine, config, echo, Duration.ofSeconds(30));
                SSLSocket client = TlsPeersTest.javaClient(server.port(), "alpha.test", pki.root.certificate())) {
            for (int i = 0; i < 5; i++) {
                assertEquals("ping " + i, TlsPeersTest.echo(client, "ping " + i));
                await(server::activeConnections, 0);
                assertEquals(1, server.connectionCount());
            }
            TlsInfo info = echo.seen.poll(5, TimeUnit.SECONDS);
            assertEquals(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", "", "alpha.test"), info);
        }
    }

    /**
     * Many clients that connect and send nothing, or stop inside their ClientHello, hold no thread while
     * they wait, and are cut at the first-bytes and the handshake timeout.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void silentAndStalledHandshakesHoldNoThreadAndAreCut(Engine engine) throws Exception {
        int n = 2000;
        Duration timeout = Duration.ofSeconds(3);
        try (TcpServer server = start(engine, config.withHandshakeTimeout(timeout), new Echo(), timeout)) {
            List<Socket> clients = new ArrayList<>();
            try {
                byte[] partialHello = HexFormat.of().parseHex("16030100c8" + "010000c4" + "0303" + "00".repeat(16));
                for (int i = 0; i < n; i++) {
                    Socket s = new Socket("127.0.0.1", server.port());
                    if (i % 2 == 1) {
                        s.getOutputStream().write(partialHello);
                    }
                    clients.add(s);
                }
                long start = System.nanoTime();
                await(server::connectionCount, n);
                await(server::activeConnections, 0);
                assertEquals(n, server.connectionCount());
                await(server::connectionCount, 0);
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(elapsed < timeout.toMillis() + 5000, elapsed + " ms");
                for (Socket s : clients) {
                    s.setSoTimeout(5000);
                    assertTrue(readToEnd(s).length == 0);
                }
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void garbageAndPlainHttpGetTheAlertAndLeaveTheCount(Engine engine) throws Exception {
        try (TcpServer server = start(engine, config, new Echo(), Duration.ofSeconds(30))) {
            byte[] garbage = "\u0001\u0002garbage, not a ClientHello\n".getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] alert = TlsHostileTest.fatal(TlsHostileTest.INTERNAL_ERROR);
            assertArrayEquals(alert, TlsHostileTest.exchange(server.port(), garbage, false));
            assertArrayEquals(alert, TlsHostileTest.exchange(server.port(), request, false));
            await(server::connectionCount, 0);
        }
    }

    /** The other hostile records get what they get over a detached stream (TlsHostileTest): one core answers both. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void truncatedAndOversizedRecordsGetTheEnginesAlerts(Engine engine) throws Exception {
        try (TcpServer server = start(engine, config, new Echo(), Duration.ofSeconds(30))) {
            byte[] truncated = HexFormat.of().parseHex("1603010064" + "01000060" + "0303" + "00".repeat(6));
            byte[] userCanceledThenCloseNotify = HexFormat.of().parseHex("150303000201" + "5a" + "150303000201" + "00");
            assertArrayEquals(userCanceledThenCloseNotify, TlsHostileTest.exchange(server.port(), truncated, true));
            byte[] oversized = HexFormat.of().parseHex("160301ffff" + "00".repeat(64));
            assertArrayEquals(TlsHostileTest.fatal(TlsHostileTest.UNEXPECTED_MESSAGE),
                    TlsHostileTest.exchange(server.port(), oversized, false));
            await(server::connectionCount, 0);
        }
    }

    private static byte[] readToEnd(Socket s) throws IOException {
        try {
            return s.getInputStream().readAllBytes();
        } catch (java.net.SocketException reset) {
            return new byte[0];
        }
    }

    /** Polls {@code value} until it is {@code expected}, for at most 15 s. */
    static void await(IntSupplier value, int expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (value.getAsInt() != expected) {
            assertTrue(System.nanoTime() < end, "expected " + expected + ", is " + value.getAsInt());
            Thread.sleep(5);
        }
    }

    /** A protocol that speaks first is served once the handshake is done, before the client sends plaintext. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void aProtocolThatSpeaksFirstGreetsOnceTheHandshakeIsDone(Engine engine) throws Exception {
        Protocol greeter = new Protocol() {
            @Override
            public boolean speaksFirst() {
                return true;
            }

            @Override
            public boolean serve(Connection c) throws IOException {
                c.write(ByteBuffer.wrap("220 ready\n".getBytes(StandardCharsets.US_ASCII)));
                return false;
            }
        };
        try (TcpServer server = start(engine, config, greeter, Duration.ofSeconds(30));
                SSLSocket client = TlsPeersTest.javaClient(server.port(), "alpha.test", pki.root.certificate())) {
            client.setSoTimeout(30_000);
            // Reading runs the handshake; the greeting comes without the client writing a byte of plaintext.
            byte[] greeting = client.getInputStream().readNBytes("220 ready\n".length());
            assertEquals("220 ready\n", new String(greeting, StandardCharsets.US_ASCII));
        }
    }
}
