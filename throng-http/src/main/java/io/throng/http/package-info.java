/**
 * A strict HTTP/1.1 server (RFC 9110/9112) and a light web framework in Tornado's spirit, on
 * {@code throng-net}: handlers are plain blocking Java, each request runs on a virtual thread.
 *
 * <h2>Public API</h2>
 * {@link io.throng.http.HttpServer} starts a server for a {@link io.throng.http.Handler};
 * {@link io.throng.http.Router} maps methods and path patterns ({@code /rooms/{id}},
 * {@code /files/{rest...}}) to handlers and wraps them in {@link io.throng.http.Filter}s;
 * {@link io.throng.http.Request} and {@link io.throng.http.Response} carry query, form, cookies,
 * {@link io.throng.http.SignedCookies}, JSON ({@link io.throng.http.Json}, Jackson), streamed bodies,
 * {@link io.throng.http.EventStream} (Server-Sent Events) and {@link io.throng.http.Upgraded} (the seam
 * for WebSocket: the handler takes over the raw connection after a 101). A long-poll is a handler that
 * blocks, for example on a queue with a timeout.
 *
 * <h2>Engine design</h2>
 * <ul>
 *   <li>The parser works on the bytes of the read buffer; a head is copied once into a byte array and
 *       header names and values stay offsets into it until a handler asks ({@link io.throng.http.Headers}).</li>
 *   <li>Responses are encoded into one pooled output buffer with pre-encoded status lines, header names
 *       and a {@code Date} line rebuilt at most once per second. Responses to pipelined requests pile up
 *       in that buffer and leave in one write; the buffer is flushed before any wait for input.</li>
 *   <li>An exchange reads the clock twice: at its start (the {@code Request}'s start, the {@code Date}
 *       header's second, which is that of the exchange's start, and the metrics' start share it) and at its
 *       end (the duration the metrics and the JFR event report).</li>
 *   <li>What a connection needs on every wake-up and can keep while idle (its {@code ConnectionBuffers}
 *       object, request parser, empty body and last Host String, about 200 bytes) is made at its first
 *       request and kept as its {@link io.throng.net.Connection#attachment}; the buffers themselves are
 *       borrowed per wake-up and returned before it goes idle. Nothing of a request outlives it there: the
 *       parser starts each wake-up afresh, and the Host String is reused only for the same characters.</li>
 *   <li>Buffered responses are the default so filters (gzip, CORS, access log) can see and change them;
 *       streaming, SSE, files and upgrades are explicit.</li>
 * </ul>
 *
 * <h2>Invariants (request smuggling and resource limits)</h2>
 * <ul>
 *   <li>A request is accepted only if its framing is unambiguous: never both Content-Length and
 *       Transfer-Encoding; Content-Length only once and all digits; Transfer-Encoding exactly
 *       {@code chunked} (other valid codings: 501; malformed or repeated: 400) and never on HTTP/1.0;
 *       lines end in CRLF only; no obs-fold; no control characters in names or values; exactly one valid
 *       Host on HTTP/1.1. Any framing error answers with its status and closes the connection.</li>
 *   <li>Limits are enforced before memory is spent: 414 for a long request line, 431 for a large head,
 *       413 for a declared body beyond the limit before a byte of it is read, and an absolute header
 *       deadline (408) that trickled bytes cannot extend. A body must keep a minimum average rate over
 *       the time spent waiting for it ({@link io.throng.http.HttpOptions#minBodyRate}; 408 below it), so
 *       a trickled body cannot hold a connection either; a body cut short ends its connection with a
 *       lingering close, so the answer is not lost to a reset.</li>
 *   <li>Responses leave in request order; a response never leaves before the body of an earlier
 *       request has been consumed or the connection is marked to close.</li>
 * </ul>
 *
 * <h2>Client</h2>
 * {@link io.throng.http.client} is Throng's HTTP/1.1 client (pooled, blocking, TLS); it shares
 * {@link io.throng.http.Headers}, {@link io.throng.http.HeaderSyntax} and
 * {@link io.throng.http.ChunkedSyntax} with the server (throng-chaos's HTTP proxy reads request bodies'
 * chunk lines and trailers with it too, so what it forwards the server would accept). The server's own tests mostly use the JDK's
 * {@link java.net.http.HttpClient} as an independent peer; raw sockets cover what must be byte-exact. The load tool has its own purpose-built event-loop client.
 */
package io.throng.http;
