package io.throng.net.tls;

import io.throng.net.ByteStream;
import io.throng.net.engine.TlsSession;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * TLS over another {@link ByteStream}: a JDK {@link javax.net.ssl.SSLEngine}, driven with blocking reads
 * and writes of the stream below and nothing else, so that any transport can carry it. The server side
 * ({@link #accept}) or the client side ({@link #connect}, with a {@link TlsClient}: the WebSocket client's wss://).
 * A server with {@link io.throng.net.ServerOptions#withTls TLS in its options} needs none of this: its
 * connections are TLS already, and their detached streams too. This is for a stream made by hand.
 *
 * <p>Like every byte stream it serves one reading and one writing thread at once. The handshake, and the
 * last records sent on a failure or a close, are bounded by the configured handshake timeout (a watchdog
 * closes the stream below). The records themselves are {@link TlsSession}'s, shared with TLS connections.
 */
public final class TlsStream implements ByteStream {
    private final TlsSession session;

    private TlsStream(TlsSession session) {
        this.session = session;
    }

    /**
     * Runs the server side of a handshake over {@code lower} with the setup {@code context} has in force,
     * and returns the stream once it is done.
     *
     * @param received bytes already read from {@code lower} (the start of the ClientHello that woke the
     *     connection), consumed; may be null
     * @throws SocketTimeoutException if the handshake took longer than the configured timeout
     * @throws SSLException if the handshake failed; the alert the engine chose has been sent
     * @throws IOException if the stream below failed; in every case {@code lower} is closed
     */
    public static TlsStream accept(ByteStream lower, TlsContext context, ByteBuffer received) throws IOException {
        TlsContext.Setup setup = context.setup();
        return handshake(lower, setup.newServerEngine(), received, setup.handshakeTimeout());
    }

    private static TlsStream handshake(ByteStream lower, SSLEngine engine, ByteBuffer received, Duration timeout)
            throws IOException {
        TlsSession session = new TlsSession(lower, engine, received,
                below -> Watchdog.closeAfter(timeout, below)::disarm);
        Watchdog.Watch watch = Watchdog.closeAfter(timeout, lower);
        try {
            session.handshake();
        } catch (IOException | RuntimeException e) {
            boolean timedOut = !watch.disarm();
            session.closeLower();
            if (timedOut) {
                throw timeout(timeout, e);
            }
            throw e;
        }
        if (!watch.disarm()) {
            session.closeLower();
            throw timeout(timeout, null);
        }
        return new TlsStream(session);
    }

    /**
     * Runs the client side of a handshake with {@code host} over {@code lower} and returns the stream once
     * it is done: the server's certificate checked as {@code client} says, SNI sent for a host name.
     *
     * @throws SocketTimeoutException if the handshake took longer than {@code timeout}
     * @throws SSLHandshakeException if the handshake failed; for a certificate refused (untrusted, expired,
     *     not for {@code host}) the message says which
     * @throws IOException if the stream below failed; in every case {@code lower} is closed
     */
    public static TlsStream connect(ByteStream lower, TlsClient client, String host, int port, Duration timeout)
            throws IOException {
        try {
            return handshake(lower, client.newEngine(host, port), null, timeout);
        } catch (SSLHandshakeException e) {
            throw TlsClient.explain(e, host);
        }
    }

    /** What the handshake agreed. */
    public TlsInfo info() {
        return session.info();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return session.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) session.write(new ByteBuffer[] {src}, 0, 1);
    }

    /** Encrypts and sends every remaining byte of the buffers, a few records per write of the stream below. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return session.write(srcs, offset, length);
    }

    /** Sends close_notify, then FIN: the peer reads the end of stream and may still send to us (TLS 1.3). */
    @Override
    public void shutdownOutput() throws IOException {
        session.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    /** Sends close_notify unless a write is under way (which the close then ends), and closes the stream below. */
    @Override
    public void close() {
        session.close();
    }

    private static SocketTimeoutException timeout(Duration limit, Throwable cause) {
        SocketTimeoutException e = new SocketTimeoutException("TLS handshake not done within " + limit);
        e.initCause(cause);
        return e;
    }
}
