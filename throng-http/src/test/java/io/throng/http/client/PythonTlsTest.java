package io.throng.http.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against Python's http.server wrapped in the ssl module (tls_server.py in test resources). */
class PythonTlsTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    @TempDir
    static Path tmp;
    static TestPki pki;
    static Process python;
    static int port;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "python3 is not installed");
        pki = TestPki.create(Files.createDirectory(tmp.resolve("pki")));
        Path script = tmp.resolve("tls_server.py");
        try (InputStream in = PythonTlsTest.class.getResourceAsStream("tls_server.py")) {
            Files.write(script, in.readAllBytes());
        }
        TestPki.Pair good = pki.pair("good");
        python = new ProcessBuilder(PYTHON.toString(), script.toString(), good.cert().toString(), good.key().toString())
                .redirectError(tmp.resolve("python.err").toFile()).start();
        String line = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null && line.matches("\\d+"), "python printed " + line + ": "
                + Files.readString(tmp.resolve("python.err")));
        port = Integer.parseInt(line);
        client = HttpClient.create(ClientOptions.defaults().withTrust(Trust.ca(pki.caCert())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (python != null) {
            python.destroy();
            python.waitFor();
        }
    }

    static URI uri(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    @Test
    void getOverTlsWithKeepAlive() throws Exception {
        for (int i = 0; i < 5; i++) {
            ClientResponse r = client.send(ClientRequest.get(uri("/hello")));
            assertEquals(200, r.status());
            assertEquals("hello from python", r.string());
        }
        assertEquals(1, client.idleConnections(uri("/")));
    }

    @Test
    void redirectChunkedWithTrailersAndGzip() throws Exception {
        ClientResponse redirected = client.send(ClientRequest.get(uri("/redirect")));
        assertEquals(uri("/hello"), redirected.uri());
        assertEquals("hello from python", redirected.string());
        assertEquals("one two three", client.send(ClientRequest.get(uri("/chunked"))).string());
        ClientResponse gz = client.send(ClientRequest.get(uri("/gzip")));
        assertTrue(gz.decompressed());
        assertEquals("squeezed ".repeat(1000), gz.string());
    }

    @Test
    void uploadsOfEveryKind() throws Exception {
        byte[] data = "x".repeat(50_000).getBytes(StandardCharsets.UTF_8);
        String expected = "echo " + new String(data, StandardCharsets.UTF_8);
        assertEquals(expected, client.send(ClientRequest.post(uri("/echo"), RequestBody.of(data))).string());
        assertEquals(expected, client.send(ClientRequest.post(uri("/echo"),
                RequestBody.stream(new ByteArrayInputStream(data)))).string());
        assertEquals("echo small", client.send(ClientRequest.post(uri("/echo"), RequestBody.of("small"))).string());
    }

    @Test
    void theSystemTrustStoreDoesNotTrustTheTestCa() {
        try (HttpClient system = HttpClient.create()) {
            NginxTest.assertTls(TlsException.Problem.UNTRUSTED, system, port);
        }
    }
}
