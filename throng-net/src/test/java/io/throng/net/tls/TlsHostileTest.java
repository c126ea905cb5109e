package io.throng.net.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Clients that do not speak TLS, or speak it wrong, on raw sockets: each is closed, after the alert the
 * JDK engine chose when it has one, read back here byte for byte. An alert record before the handshake
 * is plaintext: type 21, version, length 2, level (2 = fatal), description (RFC 8446 6).
 */
class TlsHostileTest {
    /** The default handshake timeout: long enough that a loaded machine never cuts a handshake under test. */
    static TlsConfig config;

    @BeforeAll
    static void makeCertificate() {
        config = TlsConfig.of(TlsCertificate.selfSigned());
    }

    /** Sends {@code bytes}, optionally FIN, then reads everything until the server closes. */
    static byte[] exchange(int port, byte[] bytes, boolean fin) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(bytes);
            if (fin) {
                s.shutdownOutput();
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    received.write(b);
                }
            } catch (SocketException reset) {
                // A reset after the alert still ends the exchange.
            }
            return received.toByteArray();
        }
    }

    /** A fatal alert in a TLS 1.2-versioned plaintext record, as the JDK writes it before a handshake. */
    static byte[] fatal(int description) {
        return new byte[] {21, 3, 3, 0, 2, 2, (byte) description};
    }

    static final int UNEXPECTED_MESSAGE = 10, INTERNAL_ERROR = 80;

    /** Sends {@code bytes} to a fresh server, asserts all it answers before closing, and returns the failure it saw. */
    static Throwable answer(Engine engine, byte[] bytes, boolean fin, byte[] expected) throws Exception {
        try (var server = new TlsServerFixture(engine, config)) {
            assertArrayEquals(expected, exchange(server.port(), bytes, fin));
            Throwable failure = server.failures.poll(5, TimeUnit.SECONDS);
            awaitNoConnections(server);
            return failure;
        }
    }

    /** The JDK answers bytes that are no TLS record with internal_error (it has no better-fitting alert here). */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void garbageInsteadOfAClientHelloGetsAFatalAlertAndTheClose(Engine engine) throws Exception {
        byte[] garbage = "\u0001\u0002garbage, not a ClientHello\n".getBytes(StandardCharsets.ISO_8859_1);
        assertInstanceOf(SSLException.class, answer(engine, garbage, false, fatal(INTERNAL_ERROR)));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPlainHttpRequestGetsAFatalAlertAndTheClose(Engine engine) throws Exception {
        byte[] request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Throwable failure = answer(engine, request, false, fatal(INTERNAL_ERROR));
        assertTrue(failure.getMessage().contains("plaintext connection?"), failure.getMessage());
    }

    /**
     * A handshake record cut short by the client's FIN: the engine's closeInbound fails without an alert of
     * its own, so closing the outbound side sends what the engine sends for an abandoned handshake:
     * user_canceled (warning, 90) then close_notify (warning, 0).
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void aTruncatedRecordGetsUserCanceledAndCloseNotify(Engine engine) throws Exception {
        byte[] truncated = HexFormat.of().parseHex("1603010064" + "01000060" + "0303" + "00".repeat(6)); // 100 announced, 12 sent
        byte[] userCanceledThenCloseNotify = HexFormat.of().parseHex("150303000201" + "5a" + "150303000201" + "00");
        assertInstanceOf(SSLException.class, answer(engine, truncated, true, userCanceledThenCloseNotify));
    }

    /** RFC 8446 asks for record_overflow; the JDK sends unexpected_message for a record longer than 2^14 + 2048. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void anOversizedRecordGetsAFatalAlertAndTheClose(Engine engine) throws Exception {
        byte[] oversized = HexFormat.of().parseHex("160301ffff" + "00".repeat(64));
        Throwable failure = answer(engine, oversized, false, fatal(UNEXPECTED_MESSAGE));
        assertTrue(failure.getMessage().contains("Input record too big"), failure.getMessage());
    }

    /** A client that starts a record and stalls is cut at the handshake timeout, with nothing sent to it. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void aStalledHandshakeIsClosedAtTheHandshakeTimeout(Engine engine) throws Exception {
        try (var server = new TlsServerFixture(engine, config.withHandshakeTimeout(Duration.ofMillis(300)))) {
            long start = System.nanoTime();
            byte[] received = exchange(server.port(), HexFormat.of().parseHex("160301"), false);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(0, received.length);
            assertTrue(elapsedMillis >= 250 && elapsedMillis < 4000, elapsedMillis + " ms");
            assertInstanceOf(SocketTimeoutException.class, server.failures.poll(5, TimeUnit.SECONDS));
            awaitNoConnections(server);
        }
    }

    /** Nothing leaks: every hostile connection leaves the server's count. */
    static void awaitNoConnections(TlsServerFixture server) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.server.connectionCount() != 0) {
            assertTrue(System.nanoTime() < end, "connections: " + server.server.connectionCount());
            Thread.sleep(5);
        }
    }
}
