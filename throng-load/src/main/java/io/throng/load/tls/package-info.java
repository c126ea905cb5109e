/**
 * TLS for the load generator's non-blocking event loops (http and chat loads over https:// and wss://).
 *
 * <p>A loop holds tens of thousands of connections, so a connection's TLS state is its {@link javax.net.ssl.SSLEngine}
 * and nothing else while it is idle: records are read into and written from the loop's shared
 * {@link io.throng.load.tls.TlsBuffers}, and a connection keeps only leftovers (a partial record, ciphertext the
 * socket did not take), copied to exactly-sized buffers. Everything runs on the loop's thread: the loop calls
 * {@link io.throng.load.tls.TlsWire#handshake} on each readiness event until it returns 0, then reads and writes
 * through the same {@link io.throng.load.tls.Wire} interface as plain TCP. Invariants: a loop never writes new
 * application data before the ciphertext already waiting ({@link io.throng.load.tls.Wire#write} returns false
 * until it is out); a read that leaves plaintext or whole records behind says so ({@code buffered()}), since the
 * selector will not wake the loop for bytes already off the socket.
 *
 * <p>Whom to trust is {@link io.throng.load.TlsTrust} (the JDK's store, {@code --cacert}, {@code -k}), built into an
 * {@link io.throng.net.tls.TlsClient} per process; failures are classified by {@link io.throng.load.TlsFailure}.
 * Not exported: only the loops of this module use it.
 */
package io.throng.load.tls;
