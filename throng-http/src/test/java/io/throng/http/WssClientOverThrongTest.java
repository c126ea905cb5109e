package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.Engine;
import io.throng.net.tls.TlsCertificate;
import io.throng.net.tls.TlsClient;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketClient;
import io.throng.websocket.WebSocketListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our WebSocket client over wss:// against our own server's WebSocketRoute with TLS, on both engines. */
class WssClientOverThrongTest {

    @TempDir
    static Path dir;
    static Path trust;

    /** HttpsTest's server, with a certificate of our own; only its public half is written. */
    @BeforeAll
    static void makeCertificate() throws IOException {
        HttpsTest.certificate = TlsCertificate.selfSigned();
        trust = Files.writeString(dir.resolve("trust.pem"), HttpsTest.certificate.chainPem());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void echoesOverWssTrustingTheServersCertificate(Engine engine) throws Exception {
        try (HttpServer server = HttpsTest.start(engine)) {
            LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket ws = WebSocketClient.connect(URI.create("wss://localhost:" + server.port() + "/ws"),
                    WebSocketClient.Options.DEFAULTS.withTls(TlsClient.trusting(trust)), new WebSocketListener() {
                        @Override
                        public void onText(WebSocket w, String text) {
                            received.add(text);
                        }
                    });
            ws.sendText("hello");
            assertEquals("hello over wss", received.poll(10, TimeUnit.SECONDS));
            String big = "y".repeat(100_000);
            ws.sendText(big);
            assertEquals(big + " over wss", received.poll(10, TimeUnit.SECONDS));
            ws.close(1000, "done");
            assertTrue(ws.awaitClosed(Duration.ofSeconds(10)));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void refusesTheSelfSignedCertificateWithTheJdksTrust(Engine engine) throws Exception {
        try (HttpServer server = HttpsTest.start(engine)) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> WebSocketClient.connect(
                    URI.create("wss://127.0.0.1:" + server.port() + "/ws"), WebSocketClient.Options.DEFAULTS,
                    new WebSocketListener() {}));
            assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
        }
    }
}
