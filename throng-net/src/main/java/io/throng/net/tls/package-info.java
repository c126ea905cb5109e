/**
 * TLS for Throng's servers, on the JDK's {@link javax.net.ssl.SSLEngine}: no cryptography of our own.
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
 *       one, using nothing of it but blocking read, gathering write and close, so either engine can carry
 *       it. Today a protocol wraps the stream of a detached connection; it is built to become the layer
 *       under {@link io.throng.net.Connection} without change.</li>
 * </ul>
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
 * <h2>Under Connection (next step)</h2>
 * Once {@code Connection} delegates to a per-engine interface, TLS becomes a decorator of it: the
 * handshake runs on the connection's first wake (its first bytes are the {@code received} argument of
 * {@link io.throng.net.tls.TlsStream#accept}); the connection's deadline replaces the watchdog thread;
 * {@code readNow} must first hand out decrypted bytes and whole buffered records; going idle must keep the
 * engine and any partial record but no empty buffer, and the wake-up read must fill a small stash, as
 * plaintext connections do, so that an idle TLS connection holds no buffer; {@code closeLingering} and
 * {@code shutdownOutput} send close_notify before FIN.
 */
package io.throng.net.tls;
