package io.throng.net.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.Engine;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The TLS stream against the clients people use: openssl s_client, curl, Debian's python ssl, the JDK's own. */
class TlsPeersTest {
    static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    @TempDir
    static Path dir;
    static TestPki pki;
    static Path root;
    /** alpha.test (EC) is the default certificate; beta.test (RSA) is chosen by SNI. */
    static TlsConfig twoNames;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = new TestPki();
        root = pki.writeRoot(dir);
        twoNames = TlsConfig.of(pki.tlsCertificate(pki.leaf(TestPki.ec(), "alpha.test")),
                pki.tlsCertificate(pki.leaf(TestPki.rsa(), "beta.test")));
    }

    static List<String> sClient(int port, String serverName, String... more) {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", serverName, "-alpn", "http/1.1", "-CAfile", root.toString(), "-verify_return_error"));
        command.addAll(List.of(more));
        return command;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void opensslNegotiatesTls13WithAlpnAndVerifiesTheChain(Engine engine) throws Exception {
        try (var server = new TlsServerFixture(engine, twoNames)) {
            Peer peer = Peer.run(sClient(server.port(), "alpha.test", "-ign_eof"), GET);

            assertEquals(0, peer.exit(), peer.output());
            assertTrue(peer.output().contains("New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"), peer.output());
            assertTrue(peer.output().contains("ALPN protocol: http/1.1"), peer.output());
            assertTrue(peer.output().contains("Verify return code: 0 (ok)"), peer.output());
            assertTrue(peer.output().contains("hello TLSv1.3 alpha.test"), peer.output());
            TlsInfo info = server.handshakes.poll(5, TimeUnit.SECONDS);
            assertEquals(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", "http/1.1", "alpha.test"), info);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void opensslNegotiatesTls12WithEcdheAndAesGcm(Engine engine) throws Exception {
        try (var server = new TlsServerFixture(engine, twoNames)) {
            Peer peer = Peer.run(sClient(server.port(), "alpha.test", "-tls1_2", "-ign_eof"), GET);

            assertEquals(0, peer.exit(), peer.output());
            assertTrue(peer.output().contains("New, TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256"), peer.output());
            assertTrue(peer.output().contains("ALPN protocol: http/1.1"), peer.output());
            assertTrue(peer.output().contains("hello TLSv1.2 alpha.test"), peer.output());
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", server.handshakes.poll(5, TimeUnit.SECONDS).cipherSuite());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sniChoosesTheCertificateWhoseNameMatchesAndTheDefaultOtherwise(Engine engine) throws Exception {
        try (var server = new TlsServerFixture(engine, twoNames)) {
            Peer beta = Peer.run(sClient(server.port(), "beta.test", "-verify_hostname", "beta.test", "-ign_eof"), GET);
            assertEquals(0, beta.exit(), beta.output());
            assertTrue(beta.output().contains("0 s:CN = beta.test"), beta.output());
            assertTrue(beta.output().contains("Server public key is 2048 bit"), beta.output()); // beta's RSA key

            Peer other = Peer.run(sClient(server.port(), "other.test", "-verify_hostname", "other.test", "-ign_eof"), GET);
            assertTrue(other.output().contains("0 s:CN = alpha.test"), other.output());
            assertTrue(other.output().contains("hostname mismatch"), "alpha.test's certificate does not name other.test: " + other.output());
        }
    }

    /** The client is allowed TLS 1.1 at security level 0, so that the refusal is the server's. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void tls11IsRefusedWithAProtocolVersionAlert(Engine engine) throws Exception {
        try (var server = new TlsServerFixture(engine, twoNames)) {
            Peer peer = Peer.run(sClient(server.port(), "alpha.test", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"), "");

            assertNotEquals(0, peer.exit(), peer.output());
            assertTrue(peer.output().contains("alert protocol version"), peer.output());
            assertInstanceOf(SSLHandshakeException.class, server.failures.poll(5, TimeUnit.SECONDS));
        }
    }

    /**
     * s_client's "R" starts a TLS 1.2 renegotiation; the server refuses it and closes. The SSLEngine has no
     * way to send no_renegotiation here: closing its outbound side mid-handshake sends close_notify.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void aTls12RenegotiationIsRefused(Engine engine) throws Exception {
        try (var server = new TlsServerFixture(engine, twoNames)) {
            Peer peer = Peer.run(sClient(server.port(), "alpha.test", "-tls1_2", "-msg"), "R\n", 10_000);

            String afterRequest = peer.output().substring(peer.output().indexOf("RENEGOTIATING"));
            assertTrue(afterRequest.contains("ClientHello"), peer.output());
            assertTrue(afterRequest.contains("Alert [length 0002], warning close_notify"), peer.output());
            assertTrue(afterRequest.contains("closed"), peer.output());
            Throwable refused = server.failures.poll(5, TimeUnit.SECONDS);
            assertInstanceOf(SSLHandshakeException.class, refused);
            assertEquals("renegotiation refused", refused.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void curlFetchesOverHttpsTrustingTheSelfSignedCertificate(Engine engine) throws Exception {
        TlsCertificate self = TlsCertificate.selfSigned();
        Path trust = Files.writeString(dir.resolve("self-" + engine + ".pem"), self.chainPem());
        try (var server = new TlsServerFixture(engine, TlsConfig.of(self))) {
            String url = "https://localhost:" + server.port() + "/";
            Peer peer = Peer.run(List.of("curl", "-sS", "--max-time", "10", "--cacert", trust.toString(),
                    "--resolve", "localhost:" + server.port() + ":127.0.0.1", "-w", "%{http_version} %{ssl_verify_result}", url), "");

            assertEquals(0, peer.exit(), peer.output());
            assertEquals("hello TLSv1.3 localhost\n1.1 0", peer.output());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void curlDownloadsABodyOfManyRecordsIntact(Engine engine) throws Exception {
        try (var server = new TlsServerFixture(engine, twoNames)) {
            Path body = dir.resolve("big-" + engine);
            String url = "https://alpha.test:" + server.port() + "/big";
            Peer peer = Peer.run(List.of("curl", "-sS", "--max-time", "10", "--cacert", root.toString(),
                    "--resolve", "alpha.test:" + server.port() + ":127.0.0.1", "-o", body.toString(), url), "");

            assertEquals(0, peer.exit(), peer.output());
            assertArrayEquals(TlsServerFixture.BIG_BODY, Files.readAllBytes(body));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void debiansPythonSslModuleVerifiesAndFetches(Engine engine) throws Exception {
        String script = """
                import socket, ssl, sys
                context = ssl.create_default_context(cafile=sys.argv[2])
                context.set_alpn_protocols(["http/1.1"])
                with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as raw:
                    with context.wrap_socket(raw, server_hostname="beta.test") as tls:
                        tls.sendall(b"GET / HTTP/1.1\\r\\nHost: beta.test\\r\\n\\r\\n")
                        body = b""
                        while chunk := tls.recv(4096):
                            body += chunk
                        print(tls.version(), tls.cipher()[0], tls.selected_alpn_protocol())
                        print(body.decode().split("\\r\\n\\r\\n")[1].strip())
                """;
        try (var server = new TlsServerFixture(engine, twoNames)) {
            Peer peer = Peer.run(List.of("/usr/bin/python3", "-c", script, Integer.toString(server.port()), root.toString()), "");

            assertEquals(0, peer.exit(), peer.output());
            assertEquals("TLSv1.3 TLS_AES_128_GCM_SHA256 http/1.1\nhello TLSv1.3 beta.test", peer.output().trim());
        }
    }

    /** A TLS 1.2 engine answers a close_notify with its own: that is an end of stream, not a renegotiation. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void aTls12PeersCloseNotifyEndsTheStreamCleanly(Engine engine) throws Exception {
        try (var server = new TlsServerFixture(engine, twoNames)) {
            try (SSLSocket client = javaClient(server.port(), "alpha.test", pki.root.certificate(), "TLSv1.2")) {
                assertEquals("TLSv1.2", client.getSession().getProtocol());
                assertEquals("ping", echo(client, "ping"));
            } // sends close_notify
            assertEquals("TLSv1.2", server.handshakes.poll(5, TimeUnit.SECONDS).protocol());
            TlsHostileTest.awaitNoConnections(server);
            assertEquals(null, server.failures.poll());
        }
    }

    /** A reload gives new handshakes the new certificate while a connection opened before it carries on. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void reloadServesNewHandshakesTheNewCertificateWithoutDroppingOpenConnections(Engine engine) throws Exception {
        try (var server = new TlsServerFixture(engine, twoNames)) {
            try (SSLSocket before = javaClient(server.port(), "alpha.test")) {
                assertEquals("one", echo(before, "one"));
                assertEquals("CN=alpha.test", subject(before));

                server.context.reload(TlsConfig.of(pki.tlsCertificate(pki.leaf(TestPki.ec(), "alpha.test", "gamma.test"))));

                try (SSLSocket after = javaClient(server.port(), "alpha.test")) {
                    assertEquals("two", echo(after, "two"));
                    assertEquals("CN=alpha.test", subject(after));
                    assertNotEquals(before.getSession().getPeerCertificates()[0], after.getSession().getPeerCertificates()[0]);
                }
                assertEquals("three", echo(before, "three"));
            }
        }
    }

    static SSLSocket javaClient(int port, String serverName) throws Exception {
        return javaClient(port, serverName, pki.root.certificate());
    }

    /**
     * The JDK's own client, trusting {@code anchor} only, asking for {@code serverName} and checking it,
     * offering {@code protocols} if any are given.
     */
    static SSLSocket javaClient(int port, String serverName, java.security.cert.X509Certificate anchor,
            String... protocols) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("anchor", anchor);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }

    static String echo(SSLSocket socket, String message) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(message.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        return new String(in.readNBytes(message.length()), StandardCharsets.US_ASCII);
    }

    static String subject(SSLSocket socket) throws Exception {
        return ((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
                .getSubjectX500Principal().getName();
    }
}
