package io.throng.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP/1.1 client with a blocking API: {@link #send} runs on the caller's (virtual) thread, with
 * no thread of its own per request. Connections are pooled per origin with keep-alive; see
 * {@link ClientOptions} for limits and timeouts. Interrupting the caller cancels its request: the
 * connection is closed and {@link InterruptedIOException} is thrown. Safe for concurrent use.
 *
 * <pre>{@code
 * try (HttpClient client = HttpClient.create()) {
 *     String page = client.send(ClientRequest.get("https://example.com/")).string();
 * }
 * }</pre>
 */
public final class HttpClient implements AutoCloseable {
    private final ClientOptions options;
    private final Connector connector;
    private final ConcurrentHashMap<Origin, Pool> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private HttpClient(ClientOptions options) {
        this.options = options;
        this.connector = new Connector(options);
    }

    public static HttpClient create() {
        return new HttpClient(ClientOptions.defaults());
    }

    public static HttpClient create(ClientOptions options) {
        return new HttpClient(options);
    }

    public ClientOptions options() {
        return options;
    }

    /**
     * Sends a request and returns once the response head has arrived, following redirects as the
     * options allow. The response's body is still to be read.
     *
     * @throws HttpClientException when a timeout fires, the response is refused, TLS fails or a
     *     redirect is not followed; {@link InterruptedIOException} when the caller was interrupted;
     *     another {@link IOException} when the network fails
     */
    public ClientResponse send(ClientRequest request) throws IOException {
        if (closed) {
            throw new IllegalStateException("client closed");
        }
        ClientRequest current = request;
        for (int redirects = 0; ; redirects++) {
            ClientResponse response = exchange(current);
            ClientRequest next = Redirects.next(current, response, options, redirects);
            if (next == null) {
                return response;
            }
            response.discard();
            current = next;
        }
    }

    /** One request on one connection, retried once on a fresh connection if a pooled one was stale. */
    private ClientResponse exchange(ClientRequest request) throws IOException {
        Origin origin = Origin.of(request.uri());
        Pool pool = pools.computeIfAbsent(origin, o -> new Pool(o, options, connector));
        boolean gzip = options.acceptGzip() && request.header("accept-encoding") == null;
        boolean head = request.method().equals("HEAD");
        for (int attempt = 0; ; attempt++) {
            PooledConnection c = cancellable(origin, pool::acquire);
            boolean reused = c.exchanges > 0;
            ResponseHead h;
            try {
                long deadline = System.nanoTime() + options.responseTimeout().toNanos();
                RequestWriter.send(c, request, gzip);
                h = ResponseParser.read(c, options, head, deadline);
            } catch (IOException | RuntimeException | Error e) {
                pool.release(c, false);
                if (Thread.currentThread().isInterrupted()) {
                    throw cancelled(origin, e);
                }
                // A kept-alive connection the server had already closed fails before any response
                // byte; that request never reached a handler and is safe to send once more.
                boolean stale = reused && c.received == 0 && e instanceof IOException
                        && !(e instanceof HttpClientException);
                if (attempt == 0 && stale && request.idempotent() && request.body().repeatable()) {
                    continue;
                }
                throw e;
            }
            // From here the body owns the connection and gives it back exactly once.
            return response(request.uri(), pool, c, h, gzip);
        }
    }

    private ClientResponse response(URI uri, Pool pool, PooledConnection c, ResponseHead h, boolean gzip)
            throws IOException {
        BodyInput raw;
        if (h.chunked()) {
            raw = new ChunkedBodyInput(c, pool, h.keepAlive(), options);
        } else if (h.bodyLength() >= 0) {
            raw = new LengthBody(c, pool, h.keepAlive(), options, h.bodyLength());
        } else {
            raw = new CloseDelimitedBody(c, pool, options);
        }
        String coding = h.headers().get("content-encoding");
        boolean inflate = gzip && h.bodyLength() != 0 && coding != null && coding.equalsIgnoreCase("gzip")
                && h.headers().all("content-encoding").size() == 1;
        InputStream body = raw;
        if (inflate) {
            try {
                body = new InflatedBody(raw, options.maxDecompressedBytes());
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        }
        return new ClientResponse(h.status(), h.headers(), uri, raw, body, inflate);
    }

    private interface Acquire {
        PooledConnection get() throws IOException;
    }

    private static PooledConnection cancellable(Origin origin, Acquire acquire) throws IOException {
        try {
            return acquire.get();
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted() && !(e instanceof InterruptedIOException)) {
                throw cancelled(origin, e);
            }
            throw e;
        }
    }

    private static InterruptedIOException cancelled(Origin origin, Throwable cause) {
        InterruptedIOException e = new InterruptedIOException("request to " + origin + " cancelled by interrupt");
        e.initCause(cause);
        return e;
    }

    /** Idle connections of an origin's pool (for tests and diagnostics). */
    int idleConnections(URI uri) {
        Pool p = pools.get(Origin.of(uri));
        return p == null ? 0 : p.idleCount();
    }

    /** Closes idle connections; responses still being read keep theirs until they end. */
    @Override
    public void close() {
        closed = true;
        pools.values().forEach(Pool::close);
    }
}
