package io.throng.cli;

import static io.throng.cli.CliProcesses.await;
import static io.throng.cli.CliProcesses.cli;
import static io.throng.cli.CliProcesses.makeCertificate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code throng gateway} with a {@code tls} listener whose line names its own certificate files: SIGHUP reads
 * them again. Files that cannot be used leave the certificate in force; good ones are what the next
 * connection gets, while a connection opened before keeps working on the one it began with.
 */
class GatewayTlsReloadTest {

    @Test
    void sighupReloadsTheCertificateNamedOnATlsListenLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
        Path cert = dir.resolve("cert.pem"), key = dir.resolve("key.pem");
        Path first = dir.resolve("first.pem"), second = dir.resolve("second.pem");
        makeCertificate(cert, key, "first");
        Files.copy(cert, first);
        int port = freePort();
        Path conf = Files.writeString(dir.resolve("gateway.conf"), """
                listen 127.0.0.1:%d tls cert=cert.pem key=key.pem
                host 127.0.0.1
                  route / -> dir .
                """.formatted(port));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "gateway", "--config", conf.toString());
        try {
            await(lines, "gateway listening on https://127.0.0.1:" + port + "/");
            SSLSocket old = connect(port, first);
            assertEquals("<p>hi</p>", get(old));
            assertEquals("CN=first", subject(old));

            // Hostile first: a key that is not one keeps the certificate in force.
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
            hangUp(p);
            assertTrue(await(lines, "tls listener 127.0.0.1:" + port).contains("reload failed, the certificate in force stays"));
            try (SSLSocket s = connect(port, first)) {
                assertEquals("CN=first", subject(s));
            }

            makeCertificate(cert, key, "second");
            Files.copy(cert, second);
            hangUp(p);
            assertTrue(await(lines, "tls listener 127.0.0.1:" + port).endsWith("certificate reloaded"));
            try (SSLSocket s = connect(port, second)) {
                assertEquals("CN=second", subject(s));
                assertEquals("<p>hi</p>", get(s));
            }
            assertEquals("<p>hi</p>", get(old), "the connection opened before carries on");
            assertEquals("CN=first", subject(old));
            old.close();
            assertTrue(p.isAlive());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    private static void hangUp(Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor());
    }

    /** A TLS connection to the gateway trusting only {@code trusted}; the handshake is done when it returns. */
    private static SSLSocket connect(int port, Path trusted) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(trusted)) {
            store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    private static String subject(SSLSocket s) throws Exception {
        return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    /** GET /index.html on a kept-alive connection; the body. */
    private static String get(SSLSocket s) throws IOException {
        s.getOutputStream().write("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("HTTP/1.1 200"), text);
        int length = Integer.parseInt(text.replaceAll("(?s).*\r\n[Cc]ontent-[Ll]ength: *(\\d+)\r\n.*", "$1"));
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
