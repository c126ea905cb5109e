package io.throng.load.tls;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over a non-blocking channel, driven by its event loop's thread: the JDK's {@link SSLEngine} does the
 * protocol, this class moves records between it and the socket. The loop first calls {@link #handshake} whenever
 * the socket is ready until it returns 0, then reads and writes application bytes as with plain TCP.
 *
 * <p>Buffers: the loop's {@link TlsBuffers} for the work of one call; this connection keeps only its leftovers
 * (a partial record, ciphertext the socket did not take, plaintext the caller had no room for), each in a buffer
 * of its exact size that is dropped once used. Delegated tasks (certificate checks) run on the loop's thread: their
 * cost is part of what a handshake costs the client, and the loop has nothing else to do for that connection.
 */
public final class TlsWire implements Wire {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final TlsBuffers buffers;
    private ByteBuffer inCarry;
    private ByteBuffer outCarry;
    private ByteBuffer appCarry;
    private boolean more;
    private boolean eof;
    private boolean started;

    public TlsWire(SocketChannel channel, SSLEngine engine, TlsBuffers buffers) {
        this.channel = channel;
        this.engine = engine;
        this.buffers = buffers;
    }

    /**
     * Takes the handshake as far as the socket allows: 0 when it is complete, else the interest
     * ({@link SelectionKey#OP_READ} or {@link SelectionKey#OP_WRITE}) to wait for before calling again.
     *
     * @throws javax.net.ssl.SSLHandshakeException the handshake failed (e.g. the certificate; see
     *     {@link io.throng.load.TlsFailure#of})
     * @throws EOFException the server closed the connection before the handshake finished
     */
    public int handshake() throws IOException {
        if (engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING && !started) {
            engine.beginHandshake();
            started = true;
        }
        while (true) {
            if (outCarry != null && !flushCarry()) {
                return SelectionKey.OP_WRITE;
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    ByteBuffer out = buffers.netOut;
                    out.clear();
                    SSLEngineResult r = engine.wrap(EMPTY, out);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
                        throw new SSLException("the TLS engine closed during the handshake");
                    }
                    drain(out);
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrapHandshake()) {
                        return SelectionKey.OP_READ;
                    }
                }
                default -> {
                    return outCarry == null ? 0 : SelectionKey.OP_WRITE;
                }
            }
        }
    }

    /** One record of the handshake from the server; false when a whole one is not in yet. */
    private boolean unwrapHandshake() throws IOException {
        ByteBuffer in = fill();
        try {
            if (!in.hasRemaining()) {
                if (eof) {
                    throw new EOFException("the server closed the connection during the TLS handshake");
                }
                return false;
            }
            ByteBuffer app = buffers.app;
            app.clear();
            SSLEngineResult r = engine.unwrap(in, app);
            keepApp(app);
            return switch (r.getStatus()) {
                case OK -> true;
                case BUFFER_UNDERFLOW -> {
                    if (eof) {
                        throw new EOFException("the server closed the connection during the TLS handshake");
                    }
                    yield false;
                }
                case CLOSED -> throw new EOFException("the server closed TLS during the handshake");
                case BUFFER_OVERFLOW -> throw new SSLException("TLS record larger than the session allows");
            };
        } finally {
            keepIn(in);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int produced = 0;
        more = false;
        if (appCarry != null) {
            produced += move(appCarry, dst);
            if (appCarry.hasRemaining()) {
                more = true;
                return produced;
            }
            appCarry = null;
        }
        ByteBuffer in = fill();
        try {
            while (in.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(in, dst);
                produced += r.bytesProduced();
                switch (r.getStatus()) {
                    case OK -> afterRecord();
                    case BUFFER_UNDERFLOW -> {
                        return produced == 0 && eof ? -1 : produced;
                    }
                    case BUFFER_OVERFLOW -> {
                        if (produced == 0) { // too little room for one record: through the loop's buffer
                            ByteBuffer app = buffers.app;
                            app.clear();
                            r = engine.unwrap(in, app);
                            keepApp(app);
                            if (appCarry != null) {
                                produced += move(appCarry, dst);
                                if (!appCarry.hasRemaining()) {
                                    appCarry = null;
                                }
                            }
                            afterRecord();
                        }
                        more = true;
                        return produced;
                    }
                    case CLOSED -> { // the server's close_notify
                        eof = true;
                        return produced == 0 ? -1 : produced;
                    }
                }
            }
            return produced == 0 && eof ? -1 : produced;
        } finally {
            keepIn(in);
        }
    }

    /** A record after the handshake may ask for work (TLS 1.3 key update, 1.2 renegotiation refused by the JDK). */
    private void afterRecord() throws IOException {
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
            runTasks();
            hs = engine.getHandshakeStatus();
        }
        if (hs == HandshakeStatus.NEED_WRAP) {
            write(EMPTY);
        }
    }

    @Override
    public boolean write(ByteBuffer src) throws IOException {
        if (outCarry != null && !flushCarry()) {
            return false;
        }
        ByteBuffer out = buffers.netOut;
        out.clear();
        do {
            SSLEngineResult r = engine.wrap(src, out);
            switch (r.getStatus()) {
                case OK -> { }
                case BUFFER_OVERFLOW -> {
                    if (!drain(out)) {
                        return false;
                    }
                    out.clear();
                }
                case CLOSED -> throw new SSLException("TLS connection closed");
                case BUFFER_UNDERFLOW -> throw new IllegalStateException("wrap does not underflow");
            }
        } while (src.hasRemaining() || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP);
        return drain(out);
    }

    @Override
    public boolean buffered() {
        return more || appCarry != null;
    }

    /** Bytes this connection holds between calls (leftovers only): 0 when it is idle and nothing is pending. */
    int retained() {
        return (inCarry == null ? 0 : inCarry.capacity()) + (outCarry == null ? 0 : outCarry.capacity())
                + (appCarry == null ? 0 : appCarry.capacity());
    }

    /** The loop's input buffer, holding this connection's partial record followed by what the socket has now. */
    private ByteBuffer fill() throws IOException {
        ByteBuffer in = buffers.netIn;
        in.clear();
        if (inCarry != null) {
            in.put(inCarry);
            inCarry = null;
        }
        if (!eof && channel.read(in) < 0) {
            eof = true;
        }
        return in.flip();
    }

    private void keepIn(ByteBuffer in) {
        inCarry = in.hasRemaining() ? copy(in) : null;
    }

    private void keepApp(ByteBuffer app) {
        app.flip();
        if (app.hasRemaining()) {
            appCarry = appCarry == null ? copy(app) : concat(appCarry, app);
        }
    }

    /** Writes {@code out} (filled, not yet flipped); what the socket does not take waits in this connection. */
    private boolean drain(ByteBuffer out) throws IOException {
        out.flip();
        channel.write(out);
        if (out.hasRemaining()) {
            outCarry = copy(out);
            return false;
        }
        return true;
    }

    private boolean flushCarry() throws IOException {
        channel.write(outCarry);
        if (outCarry.hasRemaining()) {
            return false;
        }
        outCarry = null;
        return true;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static int move(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        to.put(from.slice(from.position(), n));
        from.position(from.position() + n);
        return n;
    }

    private static ByteBuffer copy(ByteBuffer b) {
        return ByteBuffer.allocate(b.remaining()).put(b).flip();
    }

    private static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        return ByteBuffer.allocate(a.remaining() + b.remaining()).put(a).put(b).flip();
    }
}
