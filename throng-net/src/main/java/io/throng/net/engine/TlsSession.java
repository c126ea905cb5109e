package io.throng.net.engine;

import io.throng.net.ByteStream;
import io.throng.net.tls.TlsInfo;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One connection's TLS: a JDK {@link SSLEngine}, server side or client side, driven with blocking reads and writes
 * of the {@link ByteStream} below and nothing else, so that any transport can carry it. The one copy of
 * the wrap and unwrap loops: {@link io.throng.net.tls.TlsStream} (a detached or hand-made stream) and
 * {@link TlsTransport} (TLS under a {@code Connection}) both drive this.
 *
 * <p>It serves one reading and one writing thread at once; the engine allows a wrap and an unwrap to run
 * together. The reader owns the inbound buffers, the writer the outbound ones. When the reader must send
 * (a TLS 1.3 key update answer, an alert) it takes the writer's lock; a close that cannot take it (a writer
 * is blocked) skips its close_notify and closes the stream below, which ends that write.
 *
 * <p>Failures: on any {@link SSLException} the engine has already chosen its alert; the session sends it
 * (within the {@link FinalRecordsBound}), closes the stream below and rethrows. A TLS 1.2 client that
 * starts a second handshake (renegotiation) is refused that way.
 *
 * <p>Buffers: inbound buffers are held only while they hold bytes or a read is under way, an outbound
 * buffer only during a write; {@link #dropIdleBuffers} trims a partial record to its size before the
 * connection idles.
 *
 * <p>It is itself a {@link ByteStream}: a TLS connection detaches into its session, moved onto the
 * detached socket ({@link #moveTo}), so a WebSocket upgrade over TLS keeps the session (WSS).
 */
public final class TlsSession implements ByteStream {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** The largest plaintext of one record (RFC 8446 5.1). */
    private static final int MAX_FRAGMENT = 1 << 14;
    /** Records a gathering write packs into one write of the stream below. */
    private static final int RECORDS_PER_WRITE = 4;
    private static final int RECORD_HEADER = 5;
    /** The longest record a peer may send: 2^14 plus the most expansion allowed (RFC 5246 6.2.3). */
    private static final int MAX_RECORD = MAX_FRAGMENT + 2048;

    /** Bounds the sending of the last records (close_notify, an alert), so a peer that reads nothing cannot hold us. */
    public interface FinalRecordsBound {
        /** Arms the bound over {@code lower}; the returned action disarms it. */
        Runnable arm(ByteStream lower);
    }

    /** Reads bytes already received without waiting: bytes read, 0 if none, -1 at end of stream. */
    public interface ReadNow {
        int readNow(ByteBuffer dst) throws IOException;
    }

    /** No bound of its own: the connection's deadline is the bound. */
    public static final FinalRecordsBound UNBOUNDED = lower -> () -> {};

    /** The stream below; replaced only by {@link #moveTo}, by the one thread that owns the connection. */
    private ByteStream lower;
    private final SSLEngine engine;
    private final FinalRecordsBound bound;
    private final ReentrantLock reading = new ReentrantLock();
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Ciphertext received and not yet decrypted, ready to get; null while there is none. The reader's. */
    private ByteBuffer netIn;
    /** Plaintext decrypted and not yet read, ready to get; null while there is none. The reader's. */
    private ByteBuffer appIn;
    private volatile TlsInfo info;
    /** The handshake has begun; only the thread running it reads or writes this. */
    private boolean begun;

    /**
     * @param received bytes already read from {@code lower} (the start of the ClientHello), consumed; may be null
     */
    public TlsSession(ByteStream lower, SSLEngine engine, ByteBuffer received, FinalRecordsBound bound) {
        this.lower = lower;
        this.engine = engine;
        this.bound = bound;
        if (received != null && received.hasRemaining()) {
            netIn = ByteBuffer.allocate(Math.max(received.remaining(), packetSize()));
            netIn.put(received).flip();
        }
    }

    /** What the handshake agreed; null until it is done. */
    public TlsInfo info() {
        return info;
    }

    /**
     * Runs the handshake, waiting for the peer's bytes. On failure the alert is sent
     * and the stream below closed.
     *
     * @throws EOFException if the peer closed before the handshake was done
     * @throws SSLException if the handshake failed
     */
    public void handshake() throws IOException {
        handshake(null);
    }

    /**
     * Runs the handshake as far as the bytes already received allow: true once it is done, false when it
     * waits for the client's next flight and {@code below} has none of it yet (the caller lets the
     * connection go cold and calls again when bytes arrive). With {@code below} null it waits instead.
     * On failure the alert is sent and the stream below closed.
     *
     * @throws EOFException if the peer closed before the handshake was done
     * @throws SSLException if the handshake failed
     */
    public boolean handshake(ReadNow below) throws IOException {
        try {
            if (!begun) {
                engine.beginHandshake();
                begun = true;
            }
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> sendEngineOutput();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (below != null && !recordReady()) {
                            int n = receiveNow(below);
                            if (n == 0) {
                                dropIdleBuffers();
                                return false;
                            }
                            if (n > 0) {
                                continue;
                            }
                        }
                        if (unwrap() == null) {
                            engine.closeInbound(); // throws, with the alert chosen, if the handshake had begun
                            throw new EOFException("the peer closed the connection before the TLS handshake began");
                        }
                    }
                    case FINISHED, NOT_HANDSHAKING -> {
                        dropEmptyBuffer();
                        info = TlsInfo.of(engine);
                        return true;
                    }
                }
            }
        } catch (SSLException e) {
            throw failed(e);
        }
    }

    /** Reads at least one byte of plaintext, waiting for a whole record if needed; -1 at the end. */
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
                afterRecord(result);
            }
        } catch (SSLException e) {
            throw failed(e);
        } finally {
            dropEmptyBuffer();
            reading.unlock();
        }
    }

    /**
     * Reads plaintext without waiting: first what is decrypted, then whole records already buffered, then
     * what {@code below} has without waiting. 0 if no whole record is there yet, -1 at the end.
     */
    public int readNow(ByteBuffer dst, ReadNow below) throws IOException {
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
                    return -1;
                }
                if (recordReady()) {
                    afterRecord(unwrap());
                    continue;
                }
                int n = receiveNow(below);
                if (n == 0) {
                    return 0;
                }
                if (n < 0) {
                    return endOfStream();
                }
            }
        } catch (SSLException e) {
            throw failed(e);
        } finally {
            dropEmptyBuffer();
            reading.unlock();
        }
    }

    /** True if a read would not wait: plaintext, or a whole record, is buffered. The reader's. */
    public boolean holdsReadable() {
        return appIn != null && appIn.hasRemaining() || recordReady();
    }

    /**
     * Before the connection idles: no empty buffer stays, and a partial record keeps a buffer of its size
     * only. The engine's session state (a few KiB) stays for the connection's life. The reader's.
     */
    public void dropIdleBuffers() {
        dropEmptyBuffer();
        if (netIn != null && netIn.capacity() > netIn.remaining()) {
            netIn = netIn.hasRemaining() ? grown(netIn, 0) : null;
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
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
                    out = RecordBuffers.take((int) records * packetSize());
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
            if (out != null) {
                RecordBuffers.give(out); // sent whole: it holds ciphertext only (a failure leaves it to the collector)
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
    public void close() {
        close(true);
    }

    /**
     * Closes the stream below, after close_notify if {@code notify} and no write is under way (which the
     * close then ends).
     */
    public void close(boolean notify) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (notify && writing.tryLock()) {
                try {
                    sendFinalRecords();
                } finally {
                    writing.unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            // The peer is gone or reads nothing: closing is all that is left.
        } finally {
            closeLower();
        }
    }

    /**
     * Carries on over {@code below} (the same socket, detached from its connection): the session, and any
     * bytes buffered, go with it. Only the thread that owns the connection calls it, with no read or write
     * under way.
     */
    public void moveTo(ByteStream below) {
        lower = below;
    }

    /** After a record: a handshake message after the handshake is a key update or a renegotiation. */
    private void afterRecord(SSLEngineResult result) throws IOException {
        HandshakeStatus status = result.getHandshakeStatus();
        if (result.getStatus() == SSLEngineResult.Status.OK
                && status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED) {
            afterHandshake(); // a CLOSED result wants to wrap too: the close_notify our close sends
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
        while (true) {
            int room = plaintextRoom();
            if (room < 0) { // the engine wants 2^14 bytes of room for a record whose length it cannot see yet
                if (!receive()) {
                    return null;
                }
                continue;
            }
            if (appIn == null) {
                appIn = ByteBuffer.allocate(room).flip();
            }
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
                case BUFFER_OVERFLOW -> appIn = grown(appIn, room);
            }
        }
    }

    /**
     * Room for the plaintext of the next record in {@link #netIn}: its length from the header (a record's
     * plaintext is never longer than its ciphertext, and the engine asks for no more room than that), so a
     * 100-byte request gets a buffer of about 100 bytes, not 16 KiB. -1 while the header is incomplete; the
     * engine's whole record size for a header no TLS record has (the engine refuses it with its alert).
     */
    private int plaintextRoom() {
        ByteBuffer b = netIn;
        if (b == null || b.remaining() < RECORD_HEADER) {
            return b == null ? applicationSize() : -1;
        }
        int p = b.position();
        int length = (b.get(p + 3) & 0xff) << 8 | (b.get(p + 4) & 0xff);
        return length <= MAX_RECORD ? Math.max(length, 1) : applicationSize();
    }

    /** Reads more ciphertext from below into {@link #netIn}; false at end of stream. */
    private boolean receive() throws IOException {
        roomToReceive();
        netIn.compact();
        int n;
        try {
            n = lower.read(netIn);
        } finally {
            netIn.flip();
        }
        return n >= 0;
    }

    /** Like {@link #receive} without waiting: bytes read, 0 if none were there, -1 at end of stream. */
    private int receiveNow(ReadNow below) throws IOException {
        if (netIn == null) {
            return receiveNowExact(below);
        }
        roomToReceive();
        netIn.compact();
        int n;
        try {
            n = below.readNow(netIn);
        } finally {
            netIn.flip();
            if (!netIn.hasRemaining()) {
                netIn = null; // nothing came: an idle connection holds no buffer
            }
        }
        return n;
    }

    /**
     * With nothing buffered: reads into a shared buffer and keeps a copy of just the bytes that came, so a
     * 100-byte request costs a 100-byte buffer, not 16 KiB. The shared one holds only ciphertext (the engine
     * decrypts in place, but in the copy), so it can go back to the others.
     */
    private int receiveNowExact(ReadNow below) throws IOException {
        ByteBuffer scratch = RecordBuffers.take(packetSize());
        int n = below.readNow(scratch);
        if (n > 0) {
            netIn = ByteBuffer.allocate(n);
            netIn.put(scratch.flip()).flip();
        }
        RecordBuffers.give(scratch);
        return n;
    }

    private void roomToReceive() {
        if (netIn == null) {
            netIn = ByteBuffer.allocate(packetSize()).flip();
        } else if (netIn.remaining() == netIn.capacity()) {
            netIn = grown(netIn, packetSize()); // full, or a partial record trimmed while idle
        }
    }

    /**
     * True if unwrapping {@link #netIn} would not wait: it holds a whole record (its 5-byte header says how
     * long), or a header no TLS record has (another content type or version, or too long), which the
     * engine refuses at once with its alert (plain HTTP, garbage).
     */
    private boolean recordReady() {
        ByteBuffer b = netIn;
        if (b == null || b.remaining() < RECORD_HEADER) {
            return false;
        }
        int p = b.position();
        int type = b.get(p) & 0xff;
        int length = (b.get(p + 3) & 0xff) << 8 | (b.get(p + 4) & 0xff);
        boolean header = type >= 20 && type <= 24 && b.get(p + 1) == 3 && length <= MAX_RECORD;
        return !header || b.remaining() >= RECORD_HEADER + length;
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

    /** Between reads a session keeps only buffers that hold bytes. */
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

    /** close_notify, or the alert a failure left queued, within the bound. */
    private void sendFinalRecords() throws IOException {
        Runnable disarm = bound.arm(lower);
        try {
            engine.closeOutbound();
            sendEngineOutput();
        } finally {
            disarm.run();
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

    /** Closes the stream below; every failure path ends here. */
    public void closeLower() {
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
}
