package io.throng.net.engine;

import io.throng.net.ByteStream;
import io.throng.net.tls.TlsInfo;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;

/**
 * TLS as a decorator of an engine's {@link Transport}: what a connection of a TLS server delegates to.
 * The records are a {@link TlsSession}'s, run over the engine's transport; this adds what a connection
 * needs beyond a byte stream.
 *
 * <ul>
 *   <li>The handshake is not run by a read: the server runs {@link #handshake} on the connection's first
 *       wake, under the connection's deadline, and again at each wake until it is done; between the
 *       client's flights the connection is cold. A client that sends nothing, or part of a record, holds
 *       no thread.</li>
 *   <li>{@link #readNow} hands out decrypted bytes and whole buffered records before asking the socket,
 *       and {@link #whenReadable} refuses to go cold while they are there: the socket's readiness says
 *       nothing about bytes already taken from it.</li>
 *   <li>Going cold drops the empty buffers (a partial record keeps one of its size): an idle TLS
 *       connection holds its engine's session state and no 16 KiB buffer.</li>
 *   <li>The alert a failure leaves, and close_notify, go out within the connection's deadline
 *       ({@link #boundFinalRecords}): a failure found by a read must not block on a peer that reads nothing.</li>
 *   <li>{@link #shutdownOutput} sends close_notify before FIN. {@link #close} does not: it may come from
 *       the sweeper or another thread, which must never wait on a peer.</li>
 *   <li>{@link #detach} moves the session onto the detached socket and returns it: WSS is WebSocket over it.</li>
 * </ul>
 */
public final class TlsTransport implements Transport {
    private final Transport inner;
    private final TlsSession session;
    /** The inner transport's read that does not wait, made once rather than per call. */
    private final TlsSession.ReadNow innerReadNow;
    /** Bounds the last records; the connection's deadline once {@link #boundFinalRecords} is called. */
    private volatile TlsSession.FinalRecordsBound finalRecords = TlsSession.UNBOUNDED;

    public TlsTransport(Transport inner, SSLEngine engine) {
        this.inner = inner;
        this.session = new TlsSession(new TransportStream(inner), engine, null, lower -> finalRecords.arm(lower));
        this.innerReadNow = inner::readNow;
    }

    /**
     * How the last records (an alert after a failure, close_notify) are bounded: the connection arms its
     * deadline, so a peer that reads nothing cannot hold the thread that sends them.
     */
    public void boundFinalRecords(TlsSession.FinalRecordsBound bound) {
        finalRecords = bound;
    }

    /**
     * Runs the handshake as far as the bytes received allow: true once done, false while it waits for the
     * client's next flight (the connection goes cold meanwhile). On failure the alert is sent and the
     * socket closed.
     */
    public boolean handshake() throws IOException {
        return session.handshake(innerReadNow);
    }

    /** True if plaintext or a whole record is buffered: a read would not wait. */
    public boolean holdsReadable() {
        return session.holdsReadable();
    }

    /** What the handshake agreed; null before it is done. */
    public TlsInfo info() {
        return session.info();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return session.read(dst);
    }

    @Override
    public int readNow(ByteBuffer dst) throws IOException {
        return session.readNow(dst, innerReadNow);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return session.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return session.write(srcs, offset, length);
    }

    @Override
    public boolean whenReadable(Runnable wake) throws IOException {
        if (session.holdsReadable()) {
            return false;
        }
        session.dropIdleBuffers();
        return inner.whenReadable(wake);
    }

    @Override
    public void shutdownInput() throws IOException {
        inner.shutdownInput(); // a blocked read of a record sees the end of stream
    }

    @Override
    public void shutdownOutput() throws IOException {
        session.shutdownOutput();
    }

    @Override
    public ByteStream detach() throws IOException {
        finalRecords = TlsSession.UNBOUNDED; // the connection and its deadline are left behind
        session.moveTo(inner.detach());
        return session;
    }

    @Override
    public SocketAddress remoteAddress() {
        return inner.remoteAddress();
    }

    @Override
    public void close() {
        session.close(false);
        inner.close(); // after a detach the session's stream below is the detached one

    }
}
