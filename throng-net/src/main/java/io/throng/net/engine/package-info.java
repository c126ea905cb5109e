/**
 * The contract between {@link io.throng.net.Connection} and the engines: {@link io.throng.net.engine.Transport},
 * one accepted socket's I/O. Internal: public only so that the engine packages can implement it; the
 * module exports {@code io.throng.net} alone.
 *
 * <h2>Design</h2>
 * A connection's life is the same on every engine (IDLE, ACTIVE, CLOSED; one deadline; idle threads or
 * cold), so it stays in {@code Connection}; what differs is how bytes move and how a connection with no
 * thread learns that bytes arrived. That is the transport: a blocking read, a read that does not wait, full
 * (gathering) writes, {@code whenReadable} for a cold connection, the two half-closes, detaching into a
 * {@link io.throng.net.ByteStream}, the peer's address and close. Each engine implements it once:
 * {@code io.throng.net.nio.NioTransport} over a JDK channel, {@code io.throng.net.epoll.EpollSocket} over
 * a raw descriptor.
 *
 * <p>TLS is a decorator of it: {@link io.throng.net.engine.TlsTransport} implements {@code Transport}
 * over the engine's, decrypting in {@code read}, answering {@code readNow} and {@code whenReadable} from
 * plaintext and whole records it already holds before asking the inner transport, encrypting in
 * {@code write}, and detaching into its {@link io.throng.net.engine.TlsSession} moved onto the detached
 * socket. The session is the one SSLEngine driver, also behind the public {@code io.throng.net.tls.TlsStream};
 * it sees the transport below as a {@code ByteStream} ({@code TransportStream}). {@code TcpServer} puts
 * the decorator under a connection only when the server speaks TLS; {@code Connection} knows it only to
 * run the handshake and to report {@code tls()}.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>The request path costs one interface call per operation and allocates nothing for it: a
 *       connection holds its transport in a final field, and the epoll engine's socket is its own
 *       transport (no wrapper object, no forwarding call). Only a TLS server's connections have the
 *       decorator in between.</li>
 *   <li>{@code whenReadable}'s {@code wake} runs at most once, and only after the transport has let go
 *       of anything the next thread must own (the NIO engine: the selector has deregistered the key). On
 *       the epoll engine it also runs when the socket is closed first (a cold {@code Connection}'s wake
 *       then finds it closed and does nothing; a detached stream's owner learns of the end).</li>
 *   <li>A transport never changes the connection's state; it only reports. Closing it is the
 *       connection's job, which also keeps the server's count.</li>
 * </ul>
 */
package io.throng.net.engine;
