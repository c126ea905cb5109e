/**
 * The HTTP/1.1 load engine: a purpose-built client, lean enough not to be the bottleneck it measures.
 *
 * <p>Shaped like wrk: a few platform threads, each an {@link io.throng.load.http.EventLoop} with one NIO selector
 * and its share of non-blocking connections (no thread or virtual thread per connection: at 100,000 requests per
 * second the per-request cost of parking and unparking would show in the numbers). The request is encoded once and
 * copied into a connection's output buffer per send; responses are framed by
 * {@link io.throng.load.http.ResponseParser}, which reads only status line and framing headers and skips bodies
 * (Content-Length, chunked, or until close), keeping no per-connection state but a small line buffer. One read
 * buffer serves a whole loop.
 *
 * <p>Invariants: a connection's outstanding requests form a ring of at most {@code pipeline} entries, answered in
 * order; a response nobody asked for, a malformed response or an early close drops the connection, counts each
 * outstanding request as an error of that kind, and a new connection replaces it (if connecting itself failed, after a back-off
 * doubling from 100 ms to 3.2 s, and at most 256 attempts per loop per sweep, so a refusing server cannot stall
 * the loop). A sweep every 100 ms times out requests and connection attempts older than the timeout. Connections
 * bound to an explicit 127.0.0.x source pick their local port from {@link io.throng.load.SourcePorts}. At the end of a run sockets are closed with a reset so that tens of thousands of them do not linger in
 * TIME_WAIT and starve the next run of ports.
 *
 * <p>https://: the same loop, each connection's bytes going through an {@link io.throng.load.tls.TlsWire} (the loop
 * drives the handshake; a connection is held once it is done; failed handshakes are {@code tls} errors by reason).
 * The read buffer bounds one read's ciphertext, so its plaintext always fits.
 */
package io.throng.load.http;
