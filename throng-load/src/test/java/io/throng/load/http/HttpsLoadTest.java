package io.throng.load.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.load.ErrorKind;
import io.throng.load.HttpWorkload;
import io.throng.load.JsonReport;
import io.throng.load.LoadReport;
import io.throng.load.LoadRunner;
import io.throng.load.LoadShape;
import io.throng.load.Summary;
import io.throng.load.TargetPolicy;
import io.throng.load.TestCa;
import io.throng.load.TlsFailure;
import io.throng.load.TlsTrust;
import io.throng.net.ServerOptions;
import io.throng.net.tls.TlsCertificate;
import io.throng.net.tls.TlsConfig;
import io.throng.net.tls.TlsContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code load http https://...} against Throng's own HTTPS server with a certificate from a test CA made by
 * openssl: the hostile cases first (a certificate nobody trusts, one for another host, a server that hangs up in the
 * middle of the handshake), then a run whose request count the server confirms.
 */
class HttpsLoadTest {
    @TempDir
    static Path dir;
    static TestCa ca;
    static TestCa.Leaf good;
    static TestCa.Leaf otherHost;

    private final AtomicLong served = new AtomicLong();

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = new TestCa(dir);
        good = ca.leaf("good", "DNS:localhost,IP:127.0.0.1");
        otherHost = ca.leaf("elsewhere", "DNS:elsewhere.test");
    }

    private HttpServer server(TestCa.Leaf leaf) throws Exception {
        TlsContext tls = TlsContext.of(TlsConfig.of(TlsCertificate.fromPem(leaf.chain(), leaf.key())));
        return HttpServer.start(ServerOptions.of("127.0.0.1", 0).withTls(tls), HttpOptions.defaults(), (req, res) -> {
            served.incrementAndGet();
            res.send("hello\n");
        });
    }

    private static LoadReport run(String url, TlsTrust trust, LoadShape shape) throws InterruptedException {
        HttpWorkload w = HttpWorkload.of(url, "GET", List.of(), new byte[0], trust);
        return new LoadRunner(new TargetPolicy(Set.of())).run(new HttpLoad(w, shape, null));
    }

    private static LoadShape closed(int connections, long requests) {
        return new LoadShape(connections, 2, Duration.ofSeconds(5), requests, 0, 1, Duration.ofSeconds(2), 1);
    }

    @Test
    void aCertificateNobodyTrustsIsATlsErrorNamedUntrusted() throws Exception {
        try (HttpServer s = server(good)) {
            LoadReport r = run("https://127.0.0.1:" + s.port() + "/", TlsTrust.JDK,
                    new LoadShape(4, 1, Duration.ofMillis(500), 0, 0, 1, Duration.ofSeconds(2), 1));
            String summary = Summary.render(r, List.of());
            assertEquals(0, r.completed(), summary);
            assertEquals(0, served.get(), "no request reached the server");
            long tlsErrors = r.errors()[ErrorKind.TLS.ordinal()];
            assertTrue(tlsErrors >= 4, summary);
            assertEquals(0, r.errors()[ErrorKind.CONNECT.ordinal()], summary);
            assertEquals(tlsErrors, r.connects().tls().failures()[TlsFailure.UNTRUSTED.ordinal()], summary);
            assertEquals(0, r.connects().held(), summary);
            assertTrue(summary.contains("untrusted") && summary.contains("not trusted"), summary);
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostIsNamedWrongHost() throws Exception {
        try (HttpServer s = server(otherHost)) {
            LoadReport r = run("https://127.0.0.1:" + s.port() + "/", TlsTrust.of(ca.caPem, false),
                    new LoadShape(2, 1, Duration.ofMillis(300), 0, 0, 1, Duration.ofSeconds(2), 1));
            String summary = Summary.render(r, List.of());
            assertEquals(0, r.completed(), summary);
            long tlsErrors = r.errors()[ErrorKind.TLS.ordinal()];
            assertTrue(tlsErrors >= 2, summary);
            assertEquals(tlsErrors, r.connects().tls().failures()[TlsFailure.WRONG_HOST.ordinal()], summary);
        }
    }

    @Test
    void insecureAcceptsTheWrongHostAndTheUntrustedCertificate() throws Exception {
        try (HttpServer s = server(otherHost)) {
            LoadReport r = run("https://127.0.0.1:" + s.port() + "/", TlsTrust.of(null, true), closed(2, 100));
            assertEquals(100, r.completed(), () -> Summary.render(r, List.of()));
            assertEquals(0, r.errorCount());
        }
    }

    /** A server that reads the ClientHello and closes: a TLS error {@code closed}, not a hang nor a bare connect error. */
    @Test
    void aServerThatHangsUpMidHandshakeIsNamedClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread closer = Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                        in.read(new byte[5]); // the start of the ClientHello, then hang up
                    } catch (IOException stopped) {
                        return;
                    }
                }
            });
            LoadReport r = run("https://127.0.0.1:" + server.getLocalPort() + "/", TlsTrust.of(ca.caPem, false),
                    new LoadShape(2, 1, Duration.ofMillis(300), 0, 0, 1, Duration.ofSeconds(2), 1));
            server.close();
            closer.join(5_000);
            String summary = Summary.render(r, List.of());
            long tlsErrors = r.errors()[ErrorKind.TLS.ordinal()];
            assertTrue(tlsErrors >= 2, summary);
            assertEquals(tlsErrors, r.connects().tls().failures()[TlsFailure.CLOSED.ordinal()], summary);
            assertTrue(summary.contains("closed"), summary);
        }
    }

    @Test
    void everyRequestOverTlsIsAnsweredAndTheServerCountsTheSame() throws Exception {
        try (HttpServer s = server(good)) {
            LoadReport r = run("https://localhost:" + s.port() + "/hello", TlsTrust.of(ca.caPem, false),
                    closed(8, 4_000));
            String summary = Summary.render(r, List.of());
            System.out.println(summary);
            assertEquals(4_000, r.completed(), summary);
            assertEquals(0, r.errorCount(), summary);
            assertEquals(4_000, served.get(), "the server answered exactly the requests the report counts");
            assertEquals(8, r.connects().held(), summary);
            assertEquals(8, r.connects().tls().handshakes(), summary);
            assertTrue(r.connects().tls().handshake().getMaxValue() > 0, summary);
            assertTrue(summary.contains("8 handshakes") && summary.contains("tcp connect"), summary);
            assertTrue(r.target().startsWith("GET https://localhost:"), r.target());

            JsonNode tls = new ObjectMapper().readTree(JsonReport.render(r, List.of())).get("connects").get("tls");
            assertEquals(8, tls.get("handshakes").asLong(), tls.toString());
            assertTrue(tls.get("handshakeMicros").get("p50").asLong() > 0, tls.toString());
            assertTrue(tls.has("tcpConnectMicros"), tls.toString());
            assertEquals(0, tls.get("failed").asLong());
        }
    }
}
