/**
 * An HTTP/1.1 client with a blocking API, in the same spirit as the server: {@link
 * io.throng.http.client.HttpClient#send} runs on the caller's thread (a virtual thread, typically),
 * with no thread or event loop of its own. Its types are named {@code Client*} so they do not read
 * like the server's {@link io.throng.http.Request} and {@link io.throng.http.Response}; both sides
 * share {@link io.throng.http.Headers}, the field rules of {@link io.throng.http.HeaderSyntax} and the
 * chunk-size rules of {@link io.throng.http.ChunkedSyntax}.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>One {@code Pool} per origin (scheme, host, port): a fair semaphore of
 *       {@code maxConnectionsPerOrigin} slots and a stack of idle connections. Waiting for a slot has
 *       its own timeout and its own error, so "the pool was full" never reads as "the server was slow"
 *       (Tornado's max_clients queue timeout is its users' most common confusion).</li>
 *   <li>A {@code PooledConnection} keeps its receive and send buffers for life: response heads are
 *       parsed in place in the receive buffer and copied once into the head's byte array, header
 *       values stay offsets until asked for; each request head leaves in one write, a small body in
 *       the same write.</li>
 *   <li>The response body is an {@link java.io.InputStream} over the connection's buffer; reading it
 *       to the end gives the connection back, closing it early closes the connection.</li>
 *   <li>Cancellation is the JDK's: interrupting a virtual thread blocked in socket I/O closes the
 *       socket; the client reports it as {@link java.io.InterruptedIOException}.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A connection is reused only after a response was read to its exact end, with keep-alive, no
 *       stray bytes after it, and no error or timeout in between; everything else closes it.</li>
 *   <li>Ambiguous framing is refused, never guessed: Content-Length with Transfer-Encoding, repeated
 *       or non-numeric Content-Length, codings other than chunked, bare LF, obs-fold, control
 *       characters; a head beyond its limit is refused before it is read whole.</li>
 *   <li>A request is sent twice only when it is idempotent, its body repeatable, and the first try
 *       went to a pooled connection that gave back no byte (the server had closed it).</li>
 *   <li>Redirects never carry credentials to another origin nor go from https to http unless allowed.</li>
 * </ul>
 */
package io.throng.http.client;
