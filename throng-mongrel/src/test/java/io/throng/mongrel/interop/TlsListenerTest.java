package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.config.GatewayConfigParser;
import io.throng.mongrel.front.Gateway;
import io.throng.mongrel.handler.HandlerOptions;
import io.throng.mongrel.handler.Handlers;
import io.throng.mongrel.handler.Ports;
import io.throng.mongrel.handler.RunningHandler;
import io.throng.mongrel.handler.Transport;
import io.throng.mongrel.wire.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code tls} listener serves HTTPS with the certificate its line names (curl trusting only that
 * certificate), its requests reach the handler with {@code URL_SCHEME https} while a plain listener's
 * say {@code http}; a {@code tls} listener without any certificate stops the start.
 */
class TlsListenerTest {

    @Test
    void aTlsListenerServesHttpsWithTheCertificateItsLineNames(@TempDir Path dir) throws Exception {
        makeCertificate(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        Mongrel2.Endpoints e = new Mongrel2.Endpoints(Ports.endpoint(), Ports.endpoint());
        String config = """
                listen 127.0.0.1:0
                listen 127.0.0.1:0 tls cert=cert.pem key=key.pem
                host 127.0.0.1
                  route / -> app
                handler app
                  requests %s
                  replies  %s
                """.formatted(e.requests(), e.replies());
        try (Gateway g = Gateway.start(GatewayConfigParser.parse(config, "tls.conf"), dir);
             RunningHandler h = Handlers.start(new Transport.ZeroMq(e.requests(), e.replies()),
                     (req, out) -> out.reply(req, HttpResponse.ok(req.headers().get("URL_SCHEME", "?"))),
                     HandlerOptions.DEFAULTS)) {
            assertTrue(h.awaitReady(Duration.ofSeconds(20)), "the handler never heard the gateway's subscription");
            String https = "https://127.0.0.1:" + g.ports().get(1) + "/x";
            assertEquals("https", warm("--cacert", dir.resolve("cert.pem").toString(), https));
            assertEquals("http", warm("http://127.0.0.1:" + g.ports().get(0) + "/x"));
        }
    }

    @Test
    void aTlsListenerWithoutACertificateIsRefused() {
        String config = """
                listen 127.0.0.1:0
                listen 127.0.0.1:0 tls
                host 127.0.0.1
                  route / -> dir .
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gateway.start(GatewayConfigParser.parse(config, "tls.conf"), Path.of(".")).close());
        assertTrue(e.getMessage().contains("tls listener 127.0.0.1:0 has no certificate"), e.getMessage());
    }

    /** A fresh EC key and self-signed certificate for 127.0.0.1, made by openssl (never committed). */
    static void makeCertificate(Path cert, Path key) throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "30", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    /** The first message over a fresh JeroMQ link may take a while (docs/gateway.md §6). */
    private static String warm(String... args) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String out = "";
        while (System.nanoTime() < deadline && !out.startsWith("http")) {
            String[] withTimeout = new String[args.length + 2];
            withTimeout[0] = "-m";
            withTimeout[1] = "3";
            System.arraycopy(args, 0, withTimeout, 2, args.length);
            out = Curl.run(withTimeout);
        }
        return out;
    }
}
