package io.throng.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.tls.TlsCertificate;
import io.throng.net.tls.TlsClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client over wss:// against Python's websockets served by Python's ssl, with a certificate made at
 * test time (its key written to a temporary directory only, for the Python server to read).
 */
class WssClientTest {
    @TempDir
    static Path dir;
    static Path trust;
    static Path chain;
    static Path key;

    @BeforeAll
    static void makeCertificate() throws Exception {
        TlsCertificate certificate = TlsCertificate.selfSigned(); // localhost, 127.0.0.1, ::1
        trust = Files.writeString(dir.resolve("trust.pem"), certificate.chainPem());
        chain = trust;
        key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.key().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private static PeerProcess pythonTlsServer() throws Exception {
        return new PeerProcess(List.of(PeerProcess.PYTHON.toString(), "echo_server.py", "--tls",
                chain.toAbsolutePath().toString(), key.toAbsolutePath().toString()), PeerProcess.TEST_DIR.resolve("python"));
    }

    @Test
    void echoesOverWssTrustingTheGivenCertificate() throws Exception {
        try (PeerProcess server = pythonTlsServer()) {
            int port = Integer.parseInt(server.nextLine().trim());
            for (String host : List.of("127.0.0.1", "localhost")) {
                Events events = new Events();
                WebSocket ws = WebSocketClient.connect(URI.create("wss://" + host + ":" + port + "/echo"),
                        WebSocketClient.Options.DEFAULTS.withTls(TlsClient.trusting(trust)), events);
                String big = "x".repeat(100_000); // several records each way
                ws.sendText("héllo over tls");
                assertEquals("héllo over tls", events.next(Events.Text.class).text());
                ws.sendText(big);
                assertEquals(big, events.next(Events.Text.class).text());
                ws.close(1000, "done");
                assertEquals(1000, events.next(Events.Closed.class).code());
                assertTrue(ws.awaitClosed(Duration.ofSeconds(10)));
            }
        }
    }

    @Test
    void refusesAnUntrustedCertificateUnlessInsecure() throws Exception {
        try (PeerProcess server = pythonTlsServer()) {
            int port = Integer.parseInt(server.nextLine().trim());
            URI uri = URI.create("wss://127.0.0.1:" + port + "/echo");
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> WebSocketClient.connect(uri, WebSocketClient.Options.DEFAULTS, new Events()));
            assertTrue(e.getMessage().contains("not trusted"), e.getMessage());

            Events events = new Events();
            WebSocket ws = WebSocketClient.connect(uri, WebSocketClient.Options.DEFAULTS.withTls(TlsClient.insecure()), events);
            ws.sendText("anyway");
            assertEquals("anyway", events.next(Events.Text.class).text());
            ws.close(1000, "");
            assertTrue(ws.awaitClosed(Duration.ofSeconds(10)));
        }
    }

    @Test
    void refusesACertificateForAnotherHost() throws Exception {
        TlsCertificate other = TlsCertificate.selfSigned("example.org");
        Path otherKey = Files.writeString(dir.resolve("other-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(other.key().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path otherChain = Files.writeString(dir.resolve("other.pem"), other.chainPem());
        try (PeerProcess server = new PeerProcess(List.of(PeerProcess.PYTHON.toString(), "echo_server.py", "--tls",
                otherChain.toAbsolutePath().toString(), otherKey.toAbsolutePath().toString(), "--host", "127.0.0.2"), PeerProcess.TEST_DIR.resolve("python"))) {
            int port = Integer.parseInt(server.nextLine().trim());
            // Trusted, but not for the address we asked for: 127.0.0.2 is loopback too, and not in the certificate.
            URI uri = URI.create("wss://127.0.0.2:" + port + "/echo");
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> WebSocketClient.connect(
                    uri, WebSocketClient.Options.DEFAULTS.withTls(TlsClient.trusting(otherChain)), new Events()));
            assertTrue(e.getMessage().contains("not for 127.0.0.2"), e.getMessage());
        }
    }
}
