package io.throng.net.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.ByteStream;
import io.throng.net.Engine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of {@link TlsStream} against our own TLS server: a trusted chain, and the refusals each
 * saying why (untrusted, expired, another host). The PKI is made at test time.
 */
class TlsClientTest {
    @TempDir
    Path dir;

    /** Echoes what it reads until the end of the stream. */
    private static void echo(TlsStream tls) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (tls.read(b.clear()) > 0) {
            tls.write(b.flip());
        }
        tls.close();
    }

    private static TlsStream connect(int port, TlsClient client, String host) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        return TlsStream.connect(ByteStream.of(ch), client, host, port, Duration.ofSeconds(10));
    }

    @Test
    void aTrustedChainForTheHostEchoes() throws Exception {
        TestPki pki = new TestPki();
        var config = TlsConfig.of(pki.tlsCertificate(pki.leaf(TestPki.ec(), "localhost")));
        try (var server = new TlsServerFixture(Engine.NIO, config, TlsClientTest::echo);
                TlsStream tls = connect(server.port(), TlsClient.trusting(pki.writeRoot(dir)), "localhost")) {
            assertEquals("TLSv1.3", tls.info().protocol());
            tls.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer b = ByteBuffer.allocate(5);
            while (b.hasRemaining() && tls.read(b) > 0) {
                // until all five are back
            }
            assertEquals("hello", new String(b.array(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void refusalsSayWhy() throws Exception {
        TestPki pki = new TestPki();
        Path root = pki.writeRoot(dir);
        var expired = pki.leaf(TestPki.ec(), Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)),
                "localhost");
        assertExpiredRefused(pki, expired, TlsClient.trusting(root));
        var other = pki.leaf(TestPki.ec(), "example.org");
        assertRefused(pki.tlsCertificate(other), TlsClient.trusting(root), "not for localhost");
        var fine = pki.leaf(TestPki.ec(), "localhost");
        assertRefused(pki.tlsCertificate(fine), TlsClient.jdkTrust(), "not trusted");
    }

    private static void assertRefused(TlsCertificate certificate, TlsClient client, String why) throws Exception {
        try (var server = new TlsServerFixture(Engine.NIO, TlsConfig.of(certificate), TlsClientTest::echo)) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> connect(server.port(), client, "localhost"));
            assertTrue(e.getMessage().contains(why), e.getMessage());
        }
    }

    /** Our server refuses to serve an expired certificate at all, so the JDK's own server does here. */
    private static void assertExpiredRefused(TestPki pki, TestPki.Issued leaf, TlsClient client) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", leaf.keys().getPrivate(), password,
                new X509Certificate[] {leaf.certificate(), pki.intermediate.certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        try (ServerSocket listener = context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                } catch (IOException expected) {
                    // the client refuses the certificate
                }
            });
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> connect(listener.getLocalPort(), client, "localhost"));
            assertTrue(e.getMessage().contains("has expired"), e.getMessage());
            server.join(10_000);
        }
    }
}
