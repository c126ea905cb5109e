package io.throng.cli;

import static io.throng.cli.CliProcesses.await;
import static io.throng.cli.CliProcesses.cli;
import static io.throng.cli.CliProcesses.curl;
import static io.throng.cli.CliProcesses.makeCertificate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code throng serve} and {@code throng bench-server} as real processes. */
class HttpCommandsTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serveSendsFilesAndLogsEachRequest(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
        int port = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "serve", "--port", Integer.toString(port), "--dir", dir.toString());
        try {
            await(lines, "listening on http://127.0.0.1:" + port);
            HttpResponse<String> r = get(port, "/");
            assertEquals(200, r.statusCode());
            assertEquals("<p>hi</p>", r.body());
            assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(await(lines, "\"GET / HTTP/1.1\" 200 9").startsWith("127.0.0.1 - - ["));
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void benchServerWithWorkersAnswersAndStopsOnSigterm() throws Exception {
        int port = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "bench-server", "--port", Integer.toString(port), "--workers", "2");
        List<ProcessHandle> workers;
        try {
            await(lines, "running 2 workers");
            workers = p.children().toList();
            assertEquals(2, workers.size());
            HttpResponse<String> plain = get(port, "/plaintext");
            assertEquals("Hello, World!", plain.body());
            assertEquals("text/plain", plain.headers().firstValue("Content-Type").orElseThrow());
            HttpResponse<String> json = get(port, "/json");
            assertEquals("{\"message\":\"Hello, World!\"}", json.body());
            assertEquals("application/json", json.headers().firstValue("Content-Type").orElseThrow());
        } finally {
            p.destroy();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        for (ProcessHandle w : workers) {
            w.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void serveRefusesAMissingDirectoryAndBadWorkerCounts() {
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.ENVIRONMENT, Main.run(new String[] {"serve", "--dir", "/no/such/dir"},
                new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("not a directory"), err.toString());
        assertEquals(ExitCodes.USAGE, Main.run(new String[] {"bench-server", "--workers", "0"},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
    }

    @Test
    void serveOverTlsFromPemFilesReloadsThemOnSighup(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
        Path tls = Files.createDirectory(dir.resolve("tls"));
        Path cert = tls.resolve("fullchain.pem"), key = tls.resolve("privkey.pem"), old = tls.resolve("old.pem");
        makeCertificate(cert, key, "first");
        Files.copy(cert, old);
        int port = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "serve", "--port", Integer.toString(port), "--dir", dir.toString(),
                "--tls-cert", cert.toString(), "--tls-key", key.toString());
        try {
            await(lines, "listening on https://127.0.0.1:" + port);
            assertEquals("<p>hi</p>", curl(port, cert, "/index.html"));

            makeCertificate(cert, key, "second");
            new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
            await(lines, "TLS certificate reloaded");
            assertEquals("<p>hi</p>", curl(port, cert, "/index.html"));
            assertTrue(curl(port, old, "/index.html").contains("certificate"), "the old certificate is out of force");
            assertTrue(p.isAlive());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void benchServerWorkersServeHttpsFromTheSameFiles(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("fullchain.pem"), key = dir.resolve("privkey.pem");
        makeCertificate(cert, key, "workers");
        int port = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "bench-server", "--port", Integer.toString(port), "--workers", "2",
                "--tls-cert", cert.toString(), "--tls-key", key.toString());
        try {
            await(lines, "running 2 workers");
            assertEquals("Hello, World!", curl(port, cert, "/plaintext"));
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void benchServerWithASelfSignedCertificatePrintsItsFingerprint() throws Exception {
        int port = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "bench-server", "--port", Integer.toString(port), "--tls-self-signed");
        try {
            String line = await(lines, "self-signed certificate for localhost, 127.0.0.1, ");
            assertTrue(line.matches(".*SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}$"), line);
            await(lines, "listening on https://127.0.0.1:" + port);
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void tlsOptionsThatCannotWorkAreRefused() {
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.ENVIRONMENT, Main.run(new String[] {"bench-server", "--tls-cert", "/x.pem"},
                new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("--tls-cert and --tls-key go together"), err.toString());
        err = new StringWriter();
        assertEquals(ExitCodes.ENVIRONMENT, Main.run(new String[] {"bench-server", "--tls-self-signed", "--workers", "2"},
                new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("one certificate per process"), err.toString());
    }
}
