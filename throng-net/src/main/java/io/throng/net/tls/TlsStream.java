package io.throng.net.tls;

import io.throng.net.ByteStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * TLS over another {@link ByteStream}: the server side of a JDK {@link SSLEngine}, driven with blocking
 * reads and writes of the stream below and nothing else, so that any transport can carry it.
 *
 * <p>Like every byte stream it serves one reading and one writing thread at once; the engine allows a
 * wrap and an unwrap to run together. The reader owns the inbound buffers, the writer the outbound ones.
 * When the reader must send (a TLS 1.3 key update answer, an alert) it takes the writer's lock; a close
 * that cannot take it (a writer is blocked) skips its close_notify and closes the stream below, which
 * ends that write.
 *
 * <p>Failures: on any {@link SSLException} the engine has already chosen its alert; the stream sends it
 * (bounded by the handshake timeout, so a peer that reads nothing cannot hold it), closes the stream below
 * and rethrows. A TLS 1.2 client that starts a second handshake (renegotiation) is refused that way.
 */
public final class TlsStream implements ByteStream {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** The largest plaintext of one record (RFC 8446 5.1). */
    private static final int MAX_FRAGMENT = 1 << 14;
    /** Records a gathering write packs into one write of the stream below. */
    private static final int RECORDS_PER_WRITE = 4;

    private final ByteStream lower;
    private final SSLEngine engine;
    /** Bounds the last records sent on a failure or a close. */
    private final Duration closeTimeout;
    private final ReentrantLock reading = new ReentrantLock();
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Ciphertext received and not yet decrypted, ready to get; null while there is none. The reader's. */
    private ByteBuffer netIn;
    /** Plaintext decrypted and not yet read, ready to get; null while there is none. The reader's. */
    private ByteBuffer appIn;
    private TlsInfo info;

    private TlsStream(ByteStream lower, SSLEngine engine, ByteBuffer received, Duration closeTimeout) {
        this.lower = lower;
        this.engine = engine;
        this.closeTimeout = closeTimeout;
        if (received != null && received.hasRemaining()) {
            netIn = ByteBuffer.allocate(Math.max(received.remaining(), packetSize()));
            netIn.put(received).flip();
        }
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
        TlsStream stream = new TlsStream(lower, setup.newServerEngine(), received, setup.handshakeTimeout());
        Watchdog.Watch watch = Watchdog.closeAfter(setup.handshakeTimeout(), lower);
        try {
            stream.handshake();
        } catch (IOException | RuntimeException e) {
            boolean timedOut = !watch.disarm();
            stream.closeLower();
            if (timedOut) {
                throw timeout(setup.handshakeTimeout(), e);
            }
            throw e;
        }
        if (!watch.disarm()) {
            stream.closeLower();
            throw timeout(setup.handshakeTimeout(), null);
        }
        return stream;
    }

    /** What the handshake agreed. */
    public TlsInfo info() {
        return info;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        reading.lock();
        try {
            while (true) {
                if (appIn != null && appIn.hasRemaining()) {
                    return handOut(dst);
                }
                if (engine.isInboundDone()) {
                    return -1; // the peer's close_notify
                }
                SSLEngineResult result = unwrap();
                if (result == null) {
                    return endOfStream();
                }
                HandshakeStatus status = result.getHandshakeStatus();
                if (result.getStatus() == SSLEngineResult.Status.OK
                        && status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED) {
                    afterHandshake(); // a CLOSED result wants to wrap too: the close_notify our close sends
                }
            }
        } catch (SSLException e) {
            throw failed(e);
        } finally {
            dropEmptyBuffer();
            reading.unlock();
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** Encrypts and sends every remaining byte of the buffers, a few records per write of the stream below. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        writing.lock();
        try {
            if (closed.get()) {
                throw new ClosedChannelException();
            }
            long pending = remaining(srcs, offset, length);
            long written = 0;
            ByteBuffer out = null;
            while (pending > 0) {
                if (out == null) {
                    long records = Math.min(RECORDS_PER_WRITE, (pending + MAX_FRAGMENT - 1) / MAX_FRAGMENT);
                    out = ByteBuffer.allocate((int) records * packetSize());
                }
                while (pending > 0 && out.remaining() >= packetSize()) {
                    SSLEngineResult result = engine.wrap(srcs, offset, length, out);
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new ClosedChannelException();
                    }
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        break; // the session's records grew: send what is there, then a larger buffer
                    }
                    written += result.bytesConsumed();
                    pending -= result.bytesConsumed();
                }
                out.flip();
                if (!out.hasRemaining()) {
                    out = null; // nothing fitted: the next buffer is sized to the session's records now
                    continue;
                }
                sendAll(out);
                out.clear();
            }
            return written;
        } catch (SSLException e) {
            throw failed(e);
        } finally {
            writing.unlock();
        }
    }

    /** Sends close_notify, then FIN: the peer reads the end of stream and may still send to us (TLS 1.3). */
    @Override
    public void shutdownOutput() throws IOException {
        writing.lock();
        try {
            sendFinalRecords();
            lower.shutdownOutput();
        } finally {
            writing.unlock();
        }
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && lower.isOpen();
    }

    /** Sends close_notify unless a write is under way (which the close then ends), and closes the stream below. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (writing.tryLock()) {
                try {
                    sendFinalRecords();
                } finally {
                    writing.unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            // The peer is gone or reads nothing: closing is all that is left.
        } finally {
            lower.close();
        }
    }

    private void handshake() throws IOException {
        try {
            engine.beginHandshake();
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> sendEngineOutput();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (unwrap() == null) {
                            engine.closeInbound(); // throws, with the alert chosen, if the handshake had begun
                            throw new EOFException("the peer closed the connection before the TLS handshake began");
                        }
                    }
                    case FINISHED, NOT_HANDSHAKING -> {
                        dropEmptyBuffer();
                        info = new TlsInfo(engine.getSession().getProtocol(), engine.getSession().getCipherSuite(),
                                engine.getApplicationProtocol(), SniKeyManager.requestedHost(engine.getSession()));
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            throw failed(e);
        }
    }

    /**
     * A handshake message after the handshake. TLS 1.3 has key updates (and answers them); in TLS 1.2
     * it can only be a renegotiation, which is refused: it has been the way into several attacks
     * (CVE-2009-3555, and a client can make the server repeat its costliest step at will).
     */
    private void afterHandshake() throws IOException {
        if (!"TLSv1.3".equals(info.protocol())) {
            throw new SSLHandshakeException("renegotiation refused");
        }
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    writing.lock();
                    try {
                        sendEngineOutput();
                    } finally {
                        writing.unlock();
                    }
                }
                default -> {
                    return; // done, or more to read: the read loop goes on
                }
            }
        }
    }

    /**
     * Unwraps one record into {@link #appIn}, reading from below until a whole one is there; null at the
     * end of the stream. The buffers it allocates live while they hold bytes or a read is under way.
     */
    private SSLEngineResult unwrap() throws IOException {
        if (netIn == null && !receive()) { // wait before allocating: a blocked reader holds one buffer, not two
            return null;
        }
        if (appIn == null) {
            appIn = ByteBuffer.allocate(applicationSize()).flip();
        }
        while (true) {
            SSLEngineResult result;
            appIn.compact();
            try {
                result = engine.unwrap(netIn != null ? netIn : EMPTY, appIn);
            } finally {
                appIn.flip();
                if (netIn != null && !netIn.hasRemaining()) {
                    netIn = null;
                }
            }
            switch (result.getStatus()) {
                case OK, CLOSED -> {
                    return result;
                }
                case BUFFER_UNDERFLOW -> {
                    if (!receive()) {
                        return null;
                    }
                }
                case BUFFER_OVERFLOW -> appIn = grown(appIn, applicationSize());
            }
        }
    }

    /** Reads more ciphertext from below into {@link #netIn}; false at end of stream. */
    private boolean receive() throws IOException {
        if (netIn == null) {
            netIn = ByteBuffer.allocate(packetSize()).flip();
        } else if (netIn.remaining() == netIn.capacity()) {
            netIn = grown(netIn, packetSize());
        }
        netIn.compact();
        int n;
        try {
            n = lower.read(netIn);
        } finally {
            netIn.flip();
        }
        return n >= 0;
    }

    /** TCP's end without close_notify: many HTTP clients end so, and HTTP's own framing detects truncation. */
    private int endOfStream() {
        try {
            engine.closeInbound();
        } catch (SSLException truncated) {
            // An end of stream all the same.
        }
        return -1;
    }

    private int handOut(ByteBuffer dst) {
        int n = Math.min(appIn.remaining(), dst.remaining());
        dst.put(appIn.slice(appIn.position(), n));
        appIn.position(appIn.position() + n);
        return n;
    }

    /** Between reads a stream keeps only buffers that hold bytes. */
    private void dropEmptyBuffer() {
        if (appIn != null && !appIn.hasRemaining()) {
            appIn = null;
        }
    }

    /** Wraps and sends what the engine has to say of its own: handshake messages, alerts, close_notify. */
    private void sendEngineOutput() throws IOException {
        ByteBuffer out = ByteBuffer.allocate(packetSize());
        while (true) {
            SSLEngineResult result = engine.wrap(EMPTY, out);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (out.position() > 0) {
                    sendAll(out.flip());
                    out.clear();
                } else {
                    out = ByteBuffer.allocate(2 * out.capacity());
                }
                continue;
            }
            if (result.bytesProduced() == 0 || result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                break;
            }
        }
        sendAll(out.flip());
    }

    /** close_notify, or the alert a failure left queued; bounded, so a peer that reads nothing cannot hold us. */
    private void sendFinalRecords() throws IOException {
        Watchdog.Watch watch = Watchdog.closeAfter(closeTimeout, lower);
        try {
            engine.closeOutbound();
            sendEngineOutput();
        } finally {
            watch.disarm();
        }
    }

    /** Sends the alert the engine chose for {@code e} (unless a write is blocked), closes, and returns {@code e}. */
    private IOException failed(SSLException e) {
        closed.set(true);
        if (writing.tryLock()) {
            try {
                sendFinalRecords();
            } catch (IOException | RuntimeException ignored) {
                // The alert is a courtesy; the close below is what matters.
            } finally {
                writing.unlock();
            }
        }
        closeLower();
        return e;
    }

    private void runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run(); // on this virtual thread: blocking here costs no carrier
        }
    }

    private void sendAll(ByteBuffer out) throws IOException {
        while (out.hasRemaining()) {
            lower.write(out);
        }
    }

    private void closeLower() {
        closed.set(true);
        try {
            lower.close();
        } catch (IOException ignored) {
            // Closing is best effort: the descriptor is gone either way.
        }
    }

    private int packetSize() {
        return engine.getSession().getPacketBufferSize();
    }

    private int applicationSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    /** A copy of {@code b}'s remaining bytes (ready to get) with room for {@code room} more. */
    private static ByteBuffer grown(ByteBuffer b, int room) {
        ByteBuffer bigger = ByteBuffer.allocate(b.remaining() + room);
        bigger.put(b).flip();
        return bigger;
    }

    private static long remaining(ByteBuffer[] srcs, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += srcs[i].remaining();
        }
        return n;
    }

    private static SocketTimeoutException timeout(Duration limit, Throwable cause) {
        SocketTimeoutException e = new SocketTimeoutException("TLS handshake not done within " + limit);
        e.initCause(cause);
        return e;
    }
}
