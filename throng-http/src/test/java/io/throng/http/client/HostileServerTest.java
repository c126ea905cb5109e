package io.throng.http.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Servers that break the rules, stall or hang up: the client refuses, times out or retries, and says which. */
class HostileServerTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static ClientOptions fast() {
        return ClientOptions.defaults().withResponseTimeout(Duration.ofMillis(500))
                .withReadTimeout(Duration.ofMillis(500)).withPoolQueueTimeout(Duration.ofMillis(300));
    }

    /** A server that reads one request and answers it with {@code response}. */
    private static RawServer answering(String response) throws IOException {
        return new RawServer((s, i) -> {
            RawServer.readHead(s.getInputStream());
            RawServer.write(s, response);
            s.getInputStream().read(); // hold the connection until the client hangs up
        });
    }

    private static BadResponseException refused(String response) throws IOException {
        try (RawServer server = answering(response); HttpClient client = HttpClient.create(fast())) {
            return assertThrows(BadResponseException.class, () -> client.send(ClientRequest.get(server.uri("/"))).bytes());
        }
    }

    @Test
    void contentLengthWithTransferEncodingIsRefused() throws IOException {
        BadResponseException e = refused(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertTrue(e.getMessage().contains("both Content-Length and Transfer-Encoding"), e.getMessage());
    }

    @Test
    void ambiguousFramingIsRefused() throws IOException {
        assertTrue(refused("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok")
                .getMessage().contains("more than one Content-Length"));
        assertTrue(refused("HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok").getMessage().contains("invalid Content-Length"));
        assertTrue(refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").getMessage()
                .contains("unsupported Transfer-Encoding"));
        assertTrue(refused("HTTP/1.1 200 OK\nContent-Length: 2\r\n\r\nok").getMessage().contains("bare LF"));
        assertTrue(refused("HTTP/1.1 200 OK\r\n Folded: x\r\nContent-Length: 2\r\n\r\nok").getMessage()
                .contains("obsolete line folding"));
        assertTrue(refused("HTTP/1.1 200 OK\r\nX-Bad: a\u0001b\r\nContent-Length: 2\r\n\r\nok").getMessage()
                .contains("control character"));
        assertTrue(refused("HTTP/2 200\r\n\r\n").getMessage().contains("invalid status line"));
        assertTrue(refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")
                .getMessage().contains("invalid chunk size"));
        assertTrue(refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n")
                .getMessage().contains("chunk data not followed by CRLF"));
    }

    @Test
    void anOversizedHeadIsRefusedBeforeItIsReadWhole() throws IOException {
        String huge = "HTTP/1.1 200 OK\r\n" + ("X-Filler: " + "a".repeat(1000) + "\r\n").repeat(1000) + "\r\n";
        try (RawServer server = answering(huge);
                HttpClient client = HttpClient.create(fast().withMaxHeadBytes(8192))) {
            BadResponseException e = assertThrows(BadResponseException.class,
                    () -> client.send(ClientRequest.get(server.uri("/"))));
            assertTrue(e.getMessage().contains("response head larger than 8192 bytes"), e.getMessage());
        }
        String many = "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(200) + "Content-Length: 0\r\n\r\n";
        try (RawServer server = answering(many); HttpClient client = HttpClient.create(fast())) {
            BadResponseException e = assertThrows(BadResponseException.class,
                    () -> client.send(ClientRequest.get(server.uri("/"))));
            assertTrue(e.getMessage().contains("too many header fields"), e.getMessage());
        }
    }

    @Test
    void aStalledServerHitsTheResponseTimeoutAndItsConnectionIsNotPooled() throws IOException {
        try (RawServer server = new RawServer((s, i) -> s.getInputStream().readAllBytes());
                HttpClient client = HttpClient.create(fast())) {
            long start = System.nanoTime();
            ClientTimeoutException e = assertThrows(ClientTimeoutException.class,
                    () -> client.send(ClientRequest.get(server.uri("/"))));
            assertEquals(ClientTimeoutException.Timeout.RESPONSE, e.timeout());
            assertTrue(e.getMessage().startsWith("response timeout: no complete response head from http://127.0.0.1:"),
                    e.getMessage());
            assertTrue(System.nanoTime() - start >= 450_000_000L);
            assertEquals(0, client.idleConnections(server.uri("/")));
        }
    }

    @Test
    void aBodyThatStopsHitsTheReadTimeout() throws IOException {
        try (RawServer server = answering("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
                HttpClient client = HttpClient.create(fast())) {
            ClientResponse r = client.send(ClientRequest.get(server.uri("/")));
            ClientTimeoutException e = assertThrows(ClientTimeoutException.class, r::bytes);
            assertEquals(ClientTimeoutException.Timeout.READ, e.timeout());
            assertEquals(0, client.idleConnections(server.uri("/")));
        }
    }

    @Test
    void aPooledConnectionClosedByTheServerIsRetriedOnceForIdempotentRequests() throws Exception {
        // Every connection answers one request with keep-alive, then the server closes it.
        try (RawServer server = new RawServer((s, i) -> {
                    RawServer.readHead(s.getInputStream());
                    RawServer.write(s, OK);
                    Thread.sleep(50);
                });
                HttpClient client = HttpClient.create(fast())) {
            assertEquals("ok", client.send(ClientRequest.get(server.uri("/"))).string());
            Thread.sleep(200); // the server has closed the pooled connection by now
            assertEquals(1, client.idleConnections(server.uri("/")));
            assertEquals("ok", client.send(ClientRequest.get(server.uri("/"))).string());
            assertEquals(2, server.accepted.get());

            Thread.sleep(200);
            IOException e = assertThrows(IOException.class,
                    () -> client.send(ClientRequest.post(server.uri("/"), RequestBody.of("once"))));
            assertTrue(!(e instanceof HttpClientException), e.toString());
            assertEquals(2, server.accepted.get(), "a POST is not sent twice");
        }
    }

    @Test
    void waitingTooLongForAPoolSlotNamesTheQueue() throws Exception {
        try (RawServer server = answering("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
                HttpClient client = HttpClient.create(fast().withMaxConnectionsPerOrigin(1)
                        .withReadTimeout(Duration.ofSeconds(10)))) {
            ClientResponse busy = client.send(ClientRequest.get(server.uri("/"))); // holds the only slot
            ClientTimeoutException e = assertThrows(ClientTimeoutException.class,
                    () -> client.send(ClientRequest.get(server.uri("/"))));
            assertEquals(ClientTimeoutException.Timeout.POOL_QUEUE, e.timeout());
            assertTrue(e.getMessage().startsWith("pool queue timeout: waited 300 ms in the queue for one of the 1 "
                    + "connections to http://127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().contains("the request was not sent"), e.getMessage());
            busy.close();
            assertEquals(1, server.accepted.get());
        }
    }

    @Test
    void interruptingTheCallerCancelsTheRequest() throws Exception {
        try (RawServer server = new RawServer((s, i) -> s.getInputStream().readAllBytes());
                HttpClient client = HttpClient.create(ClientOptions.defaults())) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    client.send(ClientRequest.get(server.uri("/")));
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            while (server.accepted.get() == 0) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            caller.interrupt();
            Throwable t = failure.get();
            assertTrue(t instanceof InterruptedIOException, String.valueOf(t));
            assertTrue(t.getMessage().contains("cancelled by interrupt"), t.getMessage());
            assertEquals(0, client.idleConnections(server.uri("/")));
        }
    }

    @Test
    void aGzipBombIsRefusedAtTheDecompressedLimit() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(new byte[16 << 20]);
        }
        byte[] bomb = zipped.toByteArray();
        try (RawServer server = new RawServer((s, i) -> {
                    RawServer.readHead(s.getInputStream());
                    RawServer.write(s, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + bomb.length
                            + "\r\n\r\n");
                    s.getOutputStream().write(bomb);
                    s.getInputStream().read();
                });
                HttpClient client = HttpClient.create(fast().withMaxDecompressedBytes(1 << 20))) {
            ClientResponse r = client.send(ClientRequest.get(server.uri("/")));
            assertTrue(r.decompressed());
            BadResponseException e = assertThrows(BadResponseException.class, r::bytes);
            assertTrue(e.getMessage().contains("gzip body inflates beyond 1048576 bytes"), e.getMessage());
        }
    }

    @Test
    void interimResponsesAndTrailersAreSkipped() throws IOException {
        try (RawServer server = answering("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-Sum: 5\r\n\r\n");
                HttpClient client = HttpClient.create(fast())) {
            ClientResponse r = client.send(ClientRequest.get(server.uri("/")));
            assertEquals(200, r.status());
            assertArrayEquals("abcde".getBytes(), r.bytes());
            assertEquals(1, client.idleConnections(server.uri("/")));
        }
    }

    @Test
    void aBodyDelimitedByCloseEndsAtTheCloseAndIsNotPooled() throws IOException {
        try (RawServer server = new RawServer((s, i) -> {
                    RawServer.readHead(s.getInputStream());
                    RawServer.write(s, "HTTP/1.1 200 OK\r\n\r\nuntil the end");
                });
                HttpClient client = HttpClient.create(fast())) {
            try (InputStream body = client.send(ClientRequest.get(server.uri("/"))).body()) {
                assertEquals("until the end", new String(body.readAllBytes()));
            }
            assertEquals(0, client.idleConnections(server.uri("/")));
        }
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeHitsTheTlsTimeout() throws IOException {
        try (RawServer server = new RawServer((s, i) -> s.getInputStream().readAllBytes());
                HttpClient client = HttpClient.create(fast().withTlsHandshakeTimeout(Duration.ofMillis(300)))) {
            java.net.URI uri = java.net.URI.create(server.uri("/").toString().replace("http:", "https:"));
            ClientTimeoutException e = assertThrows(ClientTimeoutException.class,
                    () -> client.send(ClientRequest.get(uri)));
            assertEquals(ClientTimeoutException.Timeout.TLS_HANDSHAKE, e.timeout());
            assertTrue(e.getMessage().startsWith("TLS handshake timeout: no TLS session with https://127.0.0.1:"),
                    e.getMessage());
        }
    }

    @Test
    void aConnectionIdleBeyondTheIdleTimeoutIsNotReused() throws Exception {
        try (RawServer server = new RawServer((s, i) -> {
                    while (!RawServer.readHead(s.getInputStream()).isEmpty()) {
                        RawServer.write(s, OK);
                    }
                });
                HttpClient client = HttpClient.create(fast().withIdleTimeout(Duration.ofMillis(100)))) {
            assertEquals("ok", client.send(ClientRequest.get(server.uri("/"))).string());
            assertEquals("ok", client.send(ClientRequest.get(server.uri("/"))).string());
            assertEquals(1, server.accepted.get(), "kept alive while fresh");
            Thread.sleep(250);
            assertEquals("ok", client.send(ClientRequest.get(server.uri("/"))).string());
            assertEquals(2, server.accepted.get(), "a fresh connection after the idle timeout");
        }
    }
}
