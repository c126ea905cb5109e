/**
 * TLS for Throng's servers (and the WebSocket client's wss://), on the JDK's {@link javax.net.ssl.SSLEngine}: no cryptography of our own.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.throng.net.tls.TlsCertificate}: a chain and its key, read from PEM files as an ACME
 *       client writes them ({@code fullchain.pem}, {@code privkey.pem}), from PKCS#12, or made self-signed
 *       for trying locally (Bouncy Castle builds it; the JDK's providers sign it).</li>
 *   <li>{@link io.throng.net.tls.TlsConfig}: the certificates (the first is the default), ALPN protocols
 *       and the handshake timeout.</li>
 *   <li>{@link io.throng.net.tls.TlsContext}: the configuration in force as an {@link javax.net.ssl.SSLContext}
 *       and engine parameters; {@code reload} swaps them at once.</li>
 *   <li>{@link io.throng.net.tls.TlsStream}: a {@link io.throng.net.ByteStream} that speaks TLS over another
 *       one made by hand, its handshake bounded by a watchdog thread: {@code accept} for the server side,
 *       {@code connect} for the client side.</li>
 *   <li>{@link io.throng.net.tls.TlsClient}: the client side's setup: trust (the JDK's store, a PEM file's
 *       certificates, or none at all for a self-signed test server), the host name checked as HTTPS does
 *       (RFC 2818), SNI for a name; a refused certificate's exception says why (untrusted, expired, another
 *       host). The same TLS 1.3/1.2 policy; the suites are the JDK's client defaults.</li>
 *   <li>A server serves TLS on every connection with {@link io.throng.net.ServerOptions#withTls}: the
 *       connection's transport is then a TLS decorator of the engine's ({@code io.throng.net.engine.TlsTransport},
 *       internal), and {@link io.throng.net.Connection#tls()} says what was agreed.</li>
 * </ul>
 * Both run the records through one internal class, {@code io.throng.net.engine.TlsSession}: the one
 * copy of the handshake, wrap and unwrap loops, over nothing but a blocking read, a gathering write, a
 * read that does not wait and close, so either engine can carry it.
 *
 * <h2>Policy</h2>
 * TLS 1.3 and 1.2 only. TLS 1.3's suites; for 1.2 only ECDHE with AES-GCM or ChaCha20-Poly1305, in the
 * server's order. ALPN ({@code http/1.1} by default). The certificate is chosen by the client's SNI name
 * among those whose names match, by key type (EC, RSA), falling back to the default. No renegotiation: a
 * TLS 1.2 ClientHello after the handshake closes the connection. No client certificates.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A handshake ends within the configured timeout or the stream below is closed; a
 *       {@link java.net.SocketTimeoutException} says which.</li>
 *   <li>On any {@link javax.net.ssl.SSLException} the alert the engine chose is sent (bounded by the same
 *       timeout), then the stream below is closed; every failure path closes it. We never write alert bytes
 *       of our own: which alert goes out is the JDK's choice (the hostile-client tests pin what it is).</li>
 *   <li>An engine lives and dies with its connection and keeps the {@code SSLContext} it was made from:
 *       a reload changes new handshakes only, never an open connection.</li>
 *   <li>A stream serves one reader and one writer at once. The reader owns the inbound buffers, the writer
 *       the outbound ones; a reader that must send (a TLS 1.3 key update, an alert) takes the writer's lock.
 *       A close never waits for a blocked writer: it skips close_notify and closes below, ending that write.</li>
 *   <li>Buffers: a stream holds an inbound buffer only while it holds bytes or a read is under way, and an
 *       outbound buffer only during a write. A reader blocked waiting for a record holds one record-sized
 *       buffer (about 16 KiB); the engine itself keeps its session state (a few KiB) for the connection's life.</li>
 * </ul>
 *
 * <h2>Under Connection</h2>
 * The handshake runs on the connection's wakes, as far as the bytes received allow, cold between the
 * client's flights, under one connection deadline (the handshake timeout; the sweeper, not the watchdog);
 * {@code readNow} first hands out decrypted bytes and whole buffered records, and going idle is refused
 * while they are there; idle connections keep the engine and a partial record (in a buffer of its size)
 * but no empty buffer and no thread; a protocol's end, {@code closeLingering} and {@code shutdownOutput}
 * send close_notify before FIN; {@code detach()} moves the session onto the detached socket (WSS).
 * docs/tls.md has the whole story, with the alert each hostile client gets.
 */
package io.throng.net.tls;
