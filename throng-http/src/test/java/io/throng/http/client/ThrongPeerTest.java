package io.throng.http.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.http.HttpServer;
import io.throng.http.Router;
import io.throng.http.filters.Gzip;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against Throng's own server: bodies both ways, streaming, HEAD, gzip, redirects. */
class ThrongPeerTest {
    static HttpServer server;
    static HttpClient client;
    static final byte[] RANDOM = new byte[1 << 20];

    @BeforeAll
    static void start() throws Exception {
        new Random(15).nextBytes(RANDOM);
        Router router = new Router().filter(new Gzip())
                .post("/echo", (req, res) -> res.send(req.bodyBytes()))
                .get("/text", (req, res) -> res.send("compressible ".repeat(500)))
                .get("/stream", (req, res) -> {
                    try (OutputStream out = res.stream()) {
                        for (int i = 0; i < 16; i++) {
                            out.write(RANDOM, i * 65536, 65536);
                            out.flush();
                        }
                    }
                })
                .get("/go", (req, res) -> res.redirect(303, "/text"));
        server = HttpServer.start("127.0.0.1", 0, router);
        client = HttpClient.create();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void requestBodiesArriveIntactWhateverTheirFraming() throws Exception {
        assertArrayEquals(RANDOM, client.send(ClientRequest.post(uri("/echo"), RequestBody.of(RANDOM))).bytes());
        assertArrayEquals(RANDOM, client.send(ClientRequest.post(uri("/echo"),
                RequestBody.stream(new ByteArrayInputStream(RANDOM)))).bytes());
        assertArrayEquals(RANDOM, client.send(ClientRequest.post(uri("/echo"),
                RequestBody.stream(new ByteArrayInputStream(RANDOM), RANDOM.length))).bytes());
        assertEquals("", client.send(ClientRequest.post(uri("/echo"), RequestBody.empty())).string());
        assertEquals(1, client.idleConnections(uri("/")));
    }

    @Test
    void aStreamedResponseIsReadAsItArrives() throws Exception {
        ClientResponse r = client.send(ClientRequest.get(uri("/stream")));
        assertEquals("chunked", r.header("Transfer-Encoding"));
        try (InputStream body = r.body()) {
            byte[] first = body.readNBytes(65536);
            assertArrayEquals(java.util.Arrays.copyOf(RANDOM, 65536), first);
            assertArrayEquals(java.util.Arrays.copyOfRange(RANDOM, 65536, RANDOM.length), body.readAllBytes());
        }
        assertEquals(1, client.idleConnections(uri("/")));
    }

    @Test
    void closingAResponseEarlyClosesItsConnection() throws Exception {
        try (HttpClient own = HttpClient.create()) {
            ClientResponse r = own.send(ClientRequest.get(uri("/stream")));
            r.body().readNBytes(10);
            r.close();
            assertEquals(0, own.idleConnections(uri("/")));
            assertEquals(200, own.send(ClientRequest.get(uri("/text"))).status());
        }
    }

    @Test
    void gzipHeadAndRedirect() throws Exception {
        ClientResponse gz = client.send(ClientRequest.get(uri("/text")));
        assertTrue(gz.decompressed(), gz.headers().get("Content-Encoding"));
        assertEquals("compressible ".repeat(500), gz.string());
        ClientResponse head = client.send(ClientRequest.of("HEAD", uri("/text"), RequestBody.empty()));
        assertEquals(200, head.status());
        assertEquals(0, head.bytes().length);
        ClientResponse moved = client.send(ClientRequest.get(uri("/go")));
        assertEquals(uri("/text"), moved.uri());
        assertEquals("compressible ".repeat(500), new String(moved.bytes(), StandardCharsets.UTF_8));
        assertEquals(1, client.idleConnections(uri("/")));
    }
}
