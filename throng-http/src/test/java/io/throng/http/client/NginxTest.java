package io.throng.http.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against nginx, plain and with TLS: keep-alive, gzip, chunked both ways, redirects, bad certificates. */
class NginxTest {
    @TempDir
    static Path tmp;
    static TestPki pki;
    static NginxPeer nginx;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(NginxPeer.BINARY), "nginx is not installed");
        pki = TestPki.create(Files.createDirectory(tmp.resolve("pki")));
        nginx = NginxPeer.start(Files.createDirectory(tmp.resolve("nginx")), pki);
        client = HttpClient.create(ClientOptions.defaults().withTrust(Trust.ca(pki.caCert())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void keepAliveReusesOneConnectionForSequentialRequests() throws Exception {
        for (String uri : List.of(nginx.http("/hello.txt"), nginx.https("/hello.txt"))) {
            for (int i = 0; i < 20; i++) {
                ClientResponse r = client.send(ClientRequest.get(uri));
                assertEquals(200, r.status());
                assertEquals("hello from nginx\n", r.string());
            }
            assertEquals(1, client.idleConnections(URI.create(uri)), uri);
        }
    }

    @Test
    void concurrentRequestsShareABoundedPool() throws Exception {
        try (HttpClient small = HttpClient.create(ClientOptions.defaults().withMaxConnectionsPerOrigin(8));
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(threads.submit(() -> small.send(ClientRequest.get(nginx.http("/hello.txt"))).string()));
            }
            for (Future<String> f : results) {
                assertEquals("hello from nginx\n", f.get());
            }
            assertTrue(small.idleConnections(URI.create(nginx.http("/"))) <= 8);
        }
    }

    @Test
    void gzipIsRequestedAndDecompressedFromAChunkedResponse() throws Exception {
        for (String uri : List.of(nginx.http("/big.txt"), nginx.https("/big.txt"))) {
            ClientResponse r = client.send(ClientRequest.get(uri));
            assertEquals("gzip", r.header("Content-Encoding"));
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertTrue(r.decompressed());
            assertEquals(NginxPeer.BIG, r.string());
            assertEquals(1, client.idleConnections(URI.create(uri)), "the chunked body was read to its end");
        }
        try (HttpClient plain = HttpClient.create(ClientOptions.defaults().withAcceptGzip(false))) {
            ClientResponse r = plain.send(ClientRequest.get(nginx.http("/big.txt")));
            assertNull(r.header("Content-Encoding"));
            assertEquals(String.valueOf(NginxPeer.BIG.length()), r.header("Content-Length"));
            assertEquals(NginxPeer.BIG, r.string());
        }
    }

    @Test
    void chunkedAndStreamedUploads() throws Exception {
        byte[] data = new byte[100_000];
        ClientResponse chunked = client.send(ClientRequest.post(URI.create(nginx.http("/method")),
                RequestBody.stream(new ByteArrayInputStream(data))));
        assertEquals("POST  chunked \n", chunked.string());
        ClientResponse sized = client.send(ClientRequest.post(URI.create(nginx.http("/method")),
                RequestBody.stream(new ByteArrayInputStream(data), data.length)));
        assertEquals("POST 100000  \n", sized.string());
        assertEquals("hello from nginx\n", client.send(ClientRequest.get(nginx.http("/hello.txt"))).string());
        assertEquals(1, client.idleConnections(URI.create(nginx.http("/"))), "nginx kept the connection");
    }

    @Test
    void redirectsAreFollowedWithTheRightMethod() throws Exception {
        ClientResponse r = client.send(ClientRequest.get(nginx.https("/redirect")));
        assertEquals(200, r.status());
        assertEquals(URI.create(nginx.https("/hello.txt")), r.uri());
        assertEquals("hello from nginx\n", r.string());

        URI post = URI.create(nginx.http("/"));
        RequestBody form = RequestBody.of("a=1");
        assertEquals("hello from nginx\n", client.send(ClientRequest.post(post.resolve("/moved"), form)).string());
        assertEquals("hello from nginx\n", client.send(ClientRequest.post(post.resolve("/see-other"), form)).string());
        assertEquals("POST 3  secret\n", client.send(ClientRequest.post(post.resolve("/temporary"), form)
                .header("Authorization", "secret")).string());
        assertEquals("POST 3  \n", client.send(ClientRequest.post(post.resolve("/permanent"), form)).string());
    }

    @Test
    void redirectLimitsAndDowngradesAreRefused() throws Exception {
        RedirectException loop = assertThrows(RedirectException.class,
                () -> client.send(ClientRequest.get(nginx.http("/loop"))));
        assertTrue(loop.getMessage().startsWith("more than 5 redirects"), loop.getMessage());

        RedirectException down = assertThrows(RedirectException.class,
                () -> client.send(ClientRequest.get(nginx.https("/to-http"))));
        assertTrue(down.getMessage().startsWith("refused redirect from https to http"), down.getMessage());

        try (HttpClient lax = HttpClient.create(client.options().withAllowHttpsToHttp(true))) {
            ClientResponse r = lax.send(ClientRequest.get(nginx.https("/to-http")).header("Authorization", "secret"));
            assertEquals("GET   \n", r.string(), "no Authorization for another origin");
        }
        try (HttpClient none = HttpClient.create(client.options().withMaxRedirects(0))) {
            ClientResponse r = none.send(ClientRequest.get(nginx.http("/redirect")));
            assertEquals(302, r.status());
            assertTrue(r.header("Location").endsWith("/hello.txt"));
            r.close();
        }
    }

    @Test
    void badCertificatesAreRefusedWithTheReason() {
        assertTls(TlsException.Problem.EXPIRED, client, nginx.expired);
        assertTls(TlsException.Problem.WRONG_HOST, client, nginx.wrongHost);
        assertTls(TlsException.Problem.UNTRUSTED, client, nginx.untrusted);
        try (HttpClient system = HttpClient.create()) {
            assertTls(TlsException.Problem.UNTRUSTED, system, nginx.https);
        }
    }

    static void assertTls(TlsException.Problem problem, HttpClient client, int port) {
        URI uri = URI.create("https://localhost:" + port + "/hello.txt");
        TlsException e = assertThrows(TlsException.class, () -> client.send(ClientRequest.get(uri)));
        assertEquals(problem, e.problem(), e.getMessage());
        assertTrue(e.getMessage().startsWith("TLS with https://localhost:" + port + ": " + problem.label()),
                e.getMessage());
        assertFalse(client.idleConnections(uri) > 0);
    }
}
