package io.throng.websocket;

import io.throng.channels.Timers;
import io.throng.channels.Channel;
import io.throng.channels.ChannelClosedException;
import io.throng.channels.Received;
import io.throng.net.ByteStream;
import io.throng.websocket.codec.CloseCodes;
import io.throng.websocket.codec.Compressor;
import io.throng.websocket.codec.Decompressor;
import io.throng.websocket.codec.FrameEncoder;
import io.throng.websocket.codec.FrameHeader;
import io.throng.websocket.codec.MessageDecoder;
import io.throng.websocket.codec.Opcode;
import io.throng.websocket.codec.WebSocketException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * One open WebSocket connection, after the opening handshake, over any pair of blocking byte channels.
 * A reader virtual thread decodes and calls the {@link WebSocketListener}; the bounded outbound queue
 * is drained on demand, by the reader itself when it is the one sending, else by a short-lived virtual
 * thread. Sends from any other thread never block: see the package documentation for the queue, the
 * drain, the overflow policy, the close handshake and liveness.
 */
public final class WebSocket {
    private static final AtomicLong IDS = new AtomicLong();
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final int MAX_BATCH = 64;
    /** Batches the reader writes inline before it hands the rest of a drain to a drainer thread. */
    private static final int INLINE_BATCHES = 4;
    /**
     * Queued frames a drain without waiting copies into one block for one write(2), up to about this many
     * bytes: under a backlog (a broadcast room behind its sender) several messages then cost one system
     * call, and one segment for the peer to read, instead of one each. A larger frame is written from where
     * it is.
     */
    static final int GATHER_NOW = 16 * 1024;
    private static final ThreadFactory DRAINERS = Thread.ofVirtual().name("ws-drain").factory();
    /** Readers started when a cold connection's bytes arrive. */
    private static final ThreadFactory WOKEN_READERS = Thread.ofVirtual().name("ws-read").factory();
    private static final int SMALL_READ_BUFFER = 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final long id = IDS.incrementAndGet();
    private final Role role;
    private final WebSocketConfig config;
    private final Negotiated negotiated;
    private final WebSocketListener listener;
    private final ReadableByteChannel in;
    private final WritableByteChannel out;
    private final ByteBuffer alreadyRead;
    private final MessageDecoder decoder;
    private final Compressor compressor;
    /** Orders compression with enqueueing, and guards the compressor and the mask key generator. */
    private final ReentrantLock sendLock = new ReentrantLock();
    /**
     * Client mask keys: a fast generator seeded per connection from {@link SecureRandom}, so keys are
     * unpredictable to anyone without the seed (RFC 6455 §10.3 wants them unpredictable to the script
     * choosing the payload) without a SecureRandom call, and its lock, per frame.
     */
    private final RandomGenerator maskKeys;

    private final Channel<ByteBuffer> queue = Channel.unbounded(); // bounded by the two counters below
    private final AtomicInteger queuedMessages = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    /**
     * Work in progress: kicks not yet accounted for by the drainer. The kick that moves it from 0 makes
     * its caller the one drainer; a kick while draining only adds, so the drainer goes round again.
     */
    private final AtomicInteger wip = new AtomicInteger();
    /**
     * The thread that runs {@link #readLoop}: the only one allowed to block writing to the peer. Null while
     * the connection is cold (its reader let go of its thread until the next bytes).
     */
    private volatile Thread reader;
    /** The stream, when it can wake a reader that let go ({@link ByteStream#whenReadable}); else null. */
    private final ByteStream coldable;
    /** What the stream runs when a cold connection's bytes arrive (or it is closed): a new reader. */
    private final Runnable wake = () -> WOKEN_READERS.newThread(this::readAgain).start();
    private volatile boolean writeFailed;
    /**
     * What the socket took only part of without waiting (one or two buffers: frames gathered into a block,
     * then perhaps one large frame of its own), and the messages and bytes the queue counted for it: the next
     * drainer thread writes its rest first. Only the drainer (one at a time, {@link #wip}) touches these; the
     * thread start hands them over.
     */
    private ByteBuffer[] pending;
    private int pendingMessages;
    private long pendingBytes;

    private final AtomicBoolean closeSent = new AtomicBoolean();
    private volatile ByteBuffer closeFrame;
    private volatile boolean discardQueued;
    private volatile boolean shutdownAfterClose;
    private volatile boolean closeReceived;
    private volatile boolean aborted;
    private volatile boolean terminated;
    private volatile ScheduledFuture<?> closeDeadline;
    private volatile ScheduledFuture<?> liveness;
    private volatile long lastReadNanos = System.nanoTime();
    private volatile long lastMessageNanos = lastReadNanos;
    private volatile Object attachment;
    private final CountDownLatch writingDone = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private volatile int closeCode = CloseCodes.ABNORMAL;
    private volatile String closeReason = "";

    private WebSocket(ReadableByteChannel in, WritableByteChannel out, Role role, Negotiated negotiated,
                      WebSocketConfig config, ByteBuffer alreadyRead, WebSocketListener listener) {
        this.in = Objects.requireNonNull(in);
        this.out = Objects.requireNonNull(out);
        this.role = Objects.requireNonNull(role);
        this.negotiated = Objects.requireNonNull(negotiated);
        this.config = Objects.requireNonNull(config);
        this.listener = Objects.requireNonNull(listener);
        this.alreadyRead = alreadyRead;
        this.coldable = in instanceof ByteStream bs && bs == out ? bs : null;
        DeflateParameters d = negotiated.deflate();
        boolean server = role == Role.SERVER;
        Decompressor inflate = null;
        if (d != null) {
            inflate = new Decompressor(server ? d.clientNoContextTakeover() : d.serverNoContextTakeover());
            compressor = new Compressor(config.deflate().level(),
                    server ? d.serverMaxWindowBits() : d.clientMaxWindowBits(),
                    server ? d.serverNoContextTakeover() : d.clientNoContextTakeover());
        } else {
            compressor = null;
        }
        decoder = new MessageDecoder(server, config.maxMessageSize(), inflate, new Inbound());
        maskKeys = server ? null : RandomGeneratorFactory.of("L64X128MixRandom").create(SEEDS.nextLong());
    }

    /**
     * Runs the WebSocket protocol on {@code channel} after a completed opening handshake.
     *
     * @param channel a blocking channel; closing it must wake a thread blocked in read or write (true of
     *     {@link SocketChannel} and every {@link java.nio.channels.InterruptibleChannel})
     * @param alreadyRead bytes read past the handshake that belong to the WebSocket stream, or null
     */
    public static WebSocket start(ByteChannel channel, Role role, Negotiated negotiated, WebSocketConfig config,
                                  ByteBuffer alreadyRead, WebSocketListener listener) {
        return start(channel, channel, role, negotiated, config, alreadyRead, listener);
    }

    /** Like {@link #start(ByteChannel, Role, Negotiated, WebSocketConfig, ByteBuffer, WebSocketListener)} with separate directions. */
    public static WebSocket start(ReadableByteChannel in, WritableByteChannel out, Role role, Negotiated negotiated,
                                  WebSocketConfig config, ByteBuffer alreadyRead, WebSocketListener listener) {
        WebSocket ws = begin(in, out, role, negotiated, config, alreadyRead, listener);
        Thread.ofVirtual().name("ws-read-" + ws.id).start(ws::readLoop);
        return ws;
    }

    /**
     * Like {@link #start(ByteChannel, Role, Negotiated, WebSocketConfig, ByteBuffer, WebSocketListener)},
     * but the calling thread is the connection's reader, and this returns once the connection has
     * closed. A server that already has a thread per connection (the one that read the upgrade request)
     * saves one virtual thread and its stack per WebSocket this way.
     */
    public static void serve(ByteChannel channel, Role role, Negotiated negotiated, WebSocketConfig config,
                             ByteBuffer alreadyRead, WebSocketListener listener) throws InterruptedException {
        WebSocket ws = begin(channel, channel, role, negotiated, config, alreadyRead, listener);
        ws.readLoop(); // may go cold in between (on a stream that can), waking on threads of its own
        while (!ws.awaitClosed(Duration.ofMinutes(1))) {
            // The engine ends every connection (close timeout, liveness); keep waiting until it does.
        }
    }

    /** Makes the connection and starts its liveness checks; the reader is the caller's choice. */
    private static WebSocket begin(ReadableByteChannel in, WritableByteChannel out, Role role, Negotiated negotiated,
                                   WebSocketConfig config, ByteBuffer alreadyRead, WebSocketListener listener) {
        WebSocket ws = new WebSocket(in, out, role, negotiated, config, alreadyRead, listener);
        long tick = config.pingInterval().isZero() ? config.idleTimeout().toNanos() : config.pingInterval().toNanos();
        if (!config.idleTimeout().isZero() && !config.pingInterval().isZero()) {
            tick = Math.min(tick, config.idleTimeout().toNanos());
        }
        if (tick > 0) {
            ws.liveness = Timers.every(Duration.ofNanos(Math.max(tick / 2, 1_000_000)), ws::checkLiveness);
        }
        return ws;
    }

    // ---- sending ----

    /** Queues a text message; never blocks. */
    public SendResult sendText(CharSequence text) {
        return kicked(queueData(Opcode.TEXT, utf8(text)));
    }

    /**
     * A String's UTF-8 by {@link String#getBytes}, which copies a Latin-1 string's array when it is
     * ASCII (JSON mostly is), rather than through a CharBuffer and an encoder loop; JFR of a chat node
     * showed that loop and its buffers among the costs of each member's frame.
     */
    private static ByteBuffer utf8(CharSequence text) {
        return text instanceof String s ? ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8))
                : StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
    }

    /**
     * Queues a text message without writing it yet; never blocks. The caller promises {@link #flush()}
     * after its last one: a sender with several messages for this peer at once (a chat member's queued
     * frames) then has them gathered into one write(2) instead of one each.
     */
    public SendResult queueText(CharSequence text) {
        return queueData(Opcode.TEXT, utf8(text));
    }

    /**
     * Like {@link #queueText(CharSequence)}, for a message many connections send: a server connection
     * without permessage-deflate queues a view of its shared frame, encoded by whichever connection
     * came first; any other encodes the text itself (see {@link SharedText}).
     */
    public SendResult queueText(SharedText message) {
        // A String's UTF-8 has at least as many bytes as it has chars: a text too long in chars is never built.
        int fs = config.fragmentSize();
        if (role != Role.SERVER || compressor != null || message.text().length() > fs || message.payloadLength() > fs) {
            return queueText(message.text());
        }
        return queueEncoded(message.frame().duplicate());
    }

    /** Writes what {@link #queueText} left queued, as a send from this thread would have; never blocks. */
    public void flush() {
        if (queuedMessages.get() > 0) { // 0: whatever was queued has been written (a drainer uncounts after writing)
            kick();
        }
    }

    /** Queues a binary message (the remaining bytes, not consumed); never blocks. */
    public SendResult sendBinary(ByteBuffer data) {
        return sendData(Opcode.BINARY, data.duplicate());
    }

    /** Queues a ping (at most 125 bytes); dropped rather than failing the connection when the queue is full. */
    public SendResult sendPing(ByteBuffer payload) {
        if (payload.remaining() > 125) {
            throw new IllegalArgumentException("control payloads are at most 125 bytes");
        }
        return sendControl(Opcode.PING, payload.duplicate());
    }

    /**
     * Starts the close handshake: the close frame goes out after everything already queued, then the
     * connection waits up to the close timeout for the peer's. Later sends return {@link SendResult#CLOSED}.
     */
    public void close(int code, String reason) {
        sendClose(FrameEncoder.closePayload(code, reason), false, false);
    }

    public void close() {
        close(CloseCodes.NORMAL, "");
    }

    /** Drops the connection at once, without a close handshake. */
    public void abort() {
        aborted = true;
        closeQuietly(in);
        closeQuietly(out);
    }

    private SendResult sendData(int opcode, ByteBuffer payload) {
        return kicked(queueData(opcode, payload));
    }

    /** Encodes and queues a data message; the caller kicks (at once, or after more). */
    private SendResult queueData(int opcode, ByteBuffer payload) {
        if (closeSent.get()) {
            return SendResult.CLOSED;
        }
        MessageEvents.sent(opcode, payload.remaining());
        lastMessageNanos = System.nanoTime();
        SendResult r;
        sendLock.lock();
        try {
            if (compressor == null || terminated) {
                r = enqueue(encodeMessage(opcode, 0, payload), false);
            } else {
                ByteBuffer deflated = compressor.compress(payload);
                r = enqueue(encodeMessage(opcode, FrameHeader.RSV1, deflated), false);
                if (r != SendResult.QUEUED) {
                    // The peer will never see this message, so later ones must not refer back into it.
                    compressor.release();
                }
            }
        } finally {
            sendLock.unlock();
        }
        // The kick comes outside the lock: an inline drain may block on the socket, and other senders must not wait for it.
        return r;
    }

    private SendResult sendControl(int opcode, ByteBuffer payload) {
        if (closeSent.get()) {
            return SendResult.CLOSED;
        }
        return kicked(enqueue(encodeControl(opcode, payload), true));
    }

    /** Queues a frame encoded elsewhere (a broadcast's shared bytes); {@code frame} is this connection's own view. */
    SendResult sendEncoded(ByteBuffer frame) {
        if (closeSent.get()) {
            return SendResult.CLOSED;
        }
        lastMessageNanos = System.nanoTime();
        MessageEvents.sent(frame.get(frame.position()) & 0x0F, frame.remaining());
        return kicked(enqueue(frame, false));
    }

    /**
     * Queues a frame encoded elsewhere without writing it: the caller promises {@link #flushQueued} after
     * (a large broadcast queues to every member first, then flushes them on other threads, so its sender's
     * reader is free again at once and a member still unflushed from the last message takes both in one write).
     */
    SendResult queueEncoded(ByteBuffer frame) {
        if (closeSent.get()) {
            return SendResult.CLOSED;
        }
        lastMessageNanos = System.nanoTime();
        MessageEvents.sent(frame.get(frame.position()) & 0x0F, frame.remaining());
        return enqueue(frame, false);
    }

    /** Writes what {@link #queueEncoded} left queued, as a send from this thread would have. */
    void flushQueued() {
        kick();
    }

    /** A frame went in: make sure it gets drained. (A policy close kicked already; a drop changed nothing.) */
    private SendResult kicked(SendResult r) {
        if (r == SendResult.QUEUED) {
            kick();
        }
        return r;
    }

    /** Puts a frame in the queue or applies the policy; the caller then calls {@link #kicked}. */
    private SendResult enqueue(ByteBuffer frame, boolean control) {
        long size = frame.remaining();
        if (!reserve(size)) {
            OverflowPolicy policy = config.overflowPolicy();
            if (control || policy == OverflowPolicy.DROP) {
                return SendResult.DROPPED;
            }
            sendClose(FrameEncoder.closePayload(policy.closeCode(), "outbound queue full"), true, false);
            return SendResult.CLOSED;
        }
        try {
            queue.trySend(frame); // unbounded: succeeds unless closed
            return SendResult.QUEUED;
        } catch (ChannelClosedException e) {
            release(size);
            return SendResult.CLOSED;
        }
    }

    private boolean reserve(long size) {
        int m;
        do {
            m = queuedMessages.get();
            if (m >= config.maxQueuedMessages()) {
                return false;
            }
        } while (!queuedMessages.compareAndSet(m, m + 1));
        long b;
        do {
            b = queuedBytes.get();
            if (b > 0 && b + size > config.maxQueuedBytes()) {
                queuedMessages.decrementAndGet();
                return false;
            }
        } while (!queuedBytes.compareAndSet(b, b + size));
        return true;
    }

    private void release(long size) {
        queuedMessages.decrementAndGet();
        queuedBytes.addAndGet(-size);
    }

    /** All frames of one message in one buffer, so no other message can come between its fragments. */
    private ByteBuffer encodeMessage(int opcode, int rsv, ByteBuffer payload) {
        int n = payload.remaining();
        int fs = config.fragmentSize();
        int frames = n == 0 ? 1 : (int) ((n + (long) fs - 1) / fs);
        boolean mask = role == Role.CLIENT;
        long size = n;
        for (int i = 0; i < frames; i++) {
            size += FrameEncoder.headerLength(Math.min(fs, n - (long) i * fs), mask);
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size));
        for (int i = 0; i < frames; i++) {
            int from = (int) ((long) i * fs);
            int len = Math.min(fs, n - from);
            ByteBuffer piece = payload.slice(payload.position() + from, len);
            FrameEncoder.writeFrame(buf, i == frames - 1, i == 0 ? rsv : 0, i == 0 ? opcode : Opcode.CONTINUATION,
                    piece, mask, mask ? maskKeys.nextInt() : 0);
        }
        return buf.flip();
    }

    private ByteBuffer encodeControl(int opcode, ByteBuffer payload) {
        if (role == Role.SERVER) {
            return FrameEncoder.frame(true, 0, opcode, payload, false, 0);
        }
        sendLock.lock();
        try {
            return FrameEncoder.frame(true, 0, opcode, payload, true, maskKeys.nextInt());
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends our close frame once; {@code discard} drops queued data (failing), {@code shutdown} half-closes after it. */
    private void sendClose(ByteBuffer payload, boolean discard, boolean shutdown) {
        if (!closeSent.compareAndSet(false, true)) {
            return;
        }
        discardQueued = discard;
        shutdownAfterClose = shutdown;
        closeFrame = encodeControl(Opcode.CLOSE, payload);
        closeQueue();
        closeDeadline = Timers.schedule(config.closeTimeout(), this::abort);
        kick(); // the drain writes the close frame after what is queued
    }

    private void closeQueue() {
        try {
            queue.close();
        } catch (ChannelClosedException alreadyClosed) {
            // terminate() and sendClose() may both get here
        }
    }

    // ---- the drain ----

    /**
     * Makes sure the queue gets drained after the caller's change to it (a frame queued, the queue
     * closed). The call that finds no drain in progress becomes the drainer: inline if the caller is
     * this connection's reader (an echo, a reply: blocking on its own peer's socket is backpressure on
     * that peer alone); any other thread (a broadcaster, a timer, another connection) writes only what
     * the socket takes without waiting ({@link #drainWithoutWaiting}) and leaves the rest to a new
     * virtual thread, so it never waits for this peer. A call during a drain only counts itself: the
     * drainer sees the count before it stops and goes round again, so no frame is left behind (no lost
     * wake-up).
     */
    private void kick() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        if (Thread.currentThread() == reader) {
            drain(1, INLINE_BATCHES);
        } else {
            drainWithoutWaiting();
        }
    }

    /**
     * The drainer on a thread that must not block on this peer: writes what is queued, gathered up to
     * {@link #GATHER_NOW} bytes per write(2), while the socket takes each write whole at once
     * ({@link ByteStream#writeNow}), at most {@link #INLINE_BATCHES} writes. What the socket took only part
     * of stays {@link #pending} for a drainer thread, which may wait; so does the close frame, a longer
     * backlog, and every frame of a stream that cannot write without waiting. In a broadcast room most
     * members take each write at once, so a message costs at most one write(2) per member (fewer when
     * messages queued up meanwhile) and no thread, no batch array and no hand-off.
     */
    private void drainWithoutWaiting() {
        int missed = 1;
        int budget = INLINE_BATCHES;
        if (out instanceof ByteStream stream && !discardQueued) {
            while (true) {
                Received<ByteBuffer> r = null;
                while (budget > 0 && pending == null
                        && (r = queue.tryReceive()) instanceof Received.Value<ByteBuffer>(ByteBuffer frame)) {
                    budget--;
                    writeNow(stream, frame);
                }
                if (pending != null || budget == 0 || r instanceof Received.Closed<ByteBuffer>) {
                    break; // the rest may wait: a drainer thread takes over, the count carried
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }
        int carried = missed;
        DRAINERS.newThread(() -> drain(carried, Integer.MAX_VALUE)).start();
    }

    /**
     * {@code first} and the small frames queued behind it, written only as far as the socket takes them now;
     * what it did not take is left in {@link #pending} for a drainer thread. Frames after the end of writing
     * are dropped, as a drain would.
     */
    private void writeNow(ByteStream stream, ByteBuffer first) {
        ByteBuffer[] parts = gatherNow(first);
        int messages = gatheredMessages;
        long bytes = gatheredBytes;
        try {
            if (!discardQueued && !writeFailed && !terminated) {
                for (int i = 0; i < parts.length; i++) {
                    int size = parts[i].remaining();
                    if (stream.writeNow(parts[i]) < size) {
                        // Partly written (or the stream cannot say): the rest waits for writability on a drainer.
                        pending = i == 0 ? parts : java.util.Arrays.copyOfRange(parts, i, parts.length);
                        pendingMessages = messages;
                        pendingBytes = bytes;
                        return;
                    }
                }
            }
        } catch (IOException e) {
            writeFailed(e);
        }
        queuedMessages.addAndGet(-messages);
        queuedBytes.addAndGet(-bytes);
    }

    /** Set by {@link #gatherNow} for its caller (the one drainer): the messages and bytes it took. */
    private int gatheredMessages;
    private long gatheredBytes;

    /**
     * {@code first}, or a block with copies of {@code first} and the frames queued behind it while they are
     * small and the block under {@link #GATHER_NOW} bytes; a large frame taken on the way stays a part of
     * its own after the block, never copied.
     */
    private ByteBuffer[] gatherNow(ByteBuffer first) {
        gatheredMessages = 1;
        gatheredBytes = first.remaining();
        if (first.remaining() >= GATHER_NOW || queuedMessages.get() < 2) {
            return new ByteBuffer[] {first};
        }
        ByteBuffer[] frames = new ByteBuffer[Math.min(MAX_BATCH, queuedMessages.get())];
        frames[0] = first;
        int n = 1;
        long small = first.remaining();
        ByteBuffer large = null;
        while (n < frames.length && small < GATHER_NOW
                && queue.tryReceive() instanceof Received.Value<ByteBuffer>(ByteBuffer next)) {
            gatheredMessages++;
            gatheredBytes += next.remaining();
            if (next.remaining() >= GATHER_NOW) {
                large = next;
                break;
            }
            frames[n++] = next;
            small += next.remaining();
        }
        ByteBuffer block = first;
        if (n > 1) {
            block = ByteBuffer.allocate((int) small);
            for (int i = 0; i < n; i++) {
                block.put(frames[i]);
            }
            block.flip();
        }
        return large == null ? new ByteBuffer[] {block} : new ByteBuffer[] {block, large};
    }

    /**
     * The one drainer: writes batches until the queue is empty and no kick came meanwhile, or writes
     * the close frame once the queue is closed and drained (and then stays the drainer for good, so
     * nothing is written after it). An inline drain that has written {@code budget} batches passes the
     * rest to a drainer thread so the reader goes back to reading.
     */
    private void drain(int missed, int budget) {
        ByteBuffer[] left = pending;
        if (left != null) {
            pending = null;
            writeBatch(left, left.length, pendingBytes, pendingMessages);
        }
        // Sized to what is queued, not to MAX_BATCH: a broadcast's drainer mostly finds one frame, and a
        // 64-slot array per drain was the largest allocation after the frames' views in a 10,000-member room.
        ByteBuffer[] batch = new ByteBuffer[Math.clamp(queuedMessages.get(), 1, MAX_BATCH)];
        while (true) {
            Received<ByteBuffer> r;
            while ((r = queue.tryReceive()) instanceof Received.Value<ByteBuffer>(ByteBuffer first)) {
                writeBatch(batch, first);
                if (--budget == 0) {
                    int carried = missed;
                    DRAINERS.newThread(() -> drain(carried, Integer.MAX_VALUE)).start();
                    return;
                }
            }
            if (r instanceof Received.Closed<ByteBuffer>) {
                writeCloseFrame();
                return;
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** Writes {@code first} and whatever else is queued, up to {@link #MAX_BATCH}, in one gathering write. */
    private void writeBatch(ByteBuffer[] batch, ByteBuffer first) {
        int n = 0;
        long bytes = first.remaining();
        batch[n++] = first;
        while (n < batch.length && queue.tryReceive() instanceof Received.Value<ByteBuffer>(ByteBuffer next)) {
            bytes += next.remaining();
            batch[n++] = next;
        }
        writeBatch(batch, n, bytes, n);
    }

    /**
     * Writes {@code batch[0, n)}, which the queue had counted as {@code messages} messages of {@code bytes}
     * bytes in all, then uncounts them.
     */
    private void writeBatch(ByteBuffer[] batch, int n, long bytes, int messages) {
        try {
            if (!discardQueued && !writeFailed && !terminated) {
                writeFully(batch, n);
            }
        } catch (IOException e) {
            writeFailed(e);
        } finally {
            queuedMessages.addAndGet(-messages);
            queuedBytes.addAndGet(-bytes);
            java.util.Arrays.fill(batch, 0, n, null);
        }
    }

    /** The queue is closed and drained: our close frame, if any, goes last; then writing is over. */
    private void writeCloseFrame() {
        try {
            ByteBuffer close = closeFrame;
            if (close != null && !terminated && !writeFailed) {
                writeFully(new ByteBuffer[] {close}, 1);
                if (shutdownAfterClose && out instanceof SocketChannel sc) {
                    sc.shutdownOutput();
                } else if (shutdownAfterClose && out instanceof io.throng.net.ByteStream bs) {
                    bs.shutdownOutput();
                }
            }
        } catch (IOException e) {
            writeFailed(e);
        } finally {
            writingDone.countDown();
        }
    }

    /** A write failed: the connection is over; what is still queued is discarded. */
    private void writeFailed(IOException e) {
        writeFailed = true;
        if (!aborted && !terminated) {
            listener.onError(this, e);
        }
        abort();
    }

    private void writeFully(ByteBuffer[] bufs, int n) throws IOException {
        if (out instanceof GatheringByteChannel g) {
            long left = 0;
            for (int i = 0; i < n; i++) {
                left += bufs[i].remaining();
            }
            while (left > 0) {
                left -= g.write(bufs, 0, n);
            }
        } else {
            for (int i = 0; i < n; i++) {
                while (bufs[i].hasRemaining()) {
                    out.write(bufs[i]);
                }
            }
        }
    }

    // ---- the reader ----

    /** The reader's first stint: opens the connection, then reads until it idles or ends. */
    private void readLoop() {
        MessageEvents.opened();
        read(true);
    }

    /** A cold connection's bytes arrived (or it was closed): read on this new thread until it idles again. */
    private void readAgain() {
        read(false);
    }

    /**
     * Reads and decodes until the connection idles with a stream that can wake us ({@link #coldable}: the
     * thread then ends and holds nothing, not even the read buffer) or until it ends ({@link #terminate}).
     * Each stint has its own buffer: 1 KiB, doubled by a read that fills it, up to readBufferSize, and
     * dropped back to 1 KiB by a read that uses under an eighth of a grown one. An idle connection owns
     * no buffer at all (a stint's is young garbage after it), so nothing is pooled.
     */
    private void read(boolean first) {
        int small = Math.min(SMALL_READ_BUFFER, config.readBufferSize());
        ByteBuffer buf = ByteBuffer.allocate(small);
        reader = Thread.currentThread();
        boolean cold = false;
        try {
            if (first) {
                listener.onOpen(this);
                if (alreadyRead != null && alreadyRead.hasRemaining()) {
                    ByteBuffer copy = ByteBuffer.allocate(alreadyRead.remaining()).put(alreadyRead.duplicate()).flip();
                    decoder.decode(copy);
                }
            }
            while (!closeReceived) {
                if (coldable != null && !terminated && goCold()) {
                    cold = true;
                    return; // the wake-up starts the next reader
                }
                buf.clear();
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                lastReadNanos = System.nanoTime();
                decoder.decode(buf.flip());
                if (n == buf.capacity() && n < config.readBufferSize()) {
                    buf = ByteBuffer.allocate(Math.min(2 * n, config.readBufferSize()));
                } else if (buf.capacity() > small && n < buf.capacity() / 8) {
                    buf = ByteBuffer.allocate(small);
                }
            }
            if (closeReceived) {
                finishCloseHandshake(buf);
            }
        } catch (WebSocketException e) {
            // Fail the connection (RFC 6455 §7.1.7): say why, stop parsing, let the peer answer and hang up.
            // What was queued before the violation (echoes of earlier messages) still goes out first.
            closeReason = e.getMessage();
            sendClose(FrameEncoder.closePayload(e.closeCode(), e.getMessage()), false, true);
            drainInput(buf);
        } catch (IOException e) {
            if (!aborted && !(e instanceof AsynchronousCloseException) && !(e instanceof ClosedChannelException)) {
                listener.onError(this, e);
            }
        } catch (RuntimeException | Error e) {
            listener.onError(this, e);
            sendClose(FrameEncoder.closePayload(CloseCodes.INTERNAL_ERROR, ""), false, true);
            drainInput(buf);
        } finally {
            if (!cold) {
                terminate();
            }
        }
    }

    /**
     * Lets go of the reader's thread until the next bytes, if none may be waiting: true when the wake-up is
     * arranged (this thread must return at once and touch nothing more). A drain in progress is another
     * thread's, or an inline one that has passed the rest to a drainer: neither needs the reader.
     *
     * @throws IOException if the stream was closed meanwhile (the reader then terminates the connection)
     */
    private boolean goCold() throws IOException {
        reader = null;
        if (coldable.whenReadable(wake)) {
            return true;
        }
        reader = Thread.currentThread();
        return false;
    }

    /** Both close frames are exchanged: the server hangs up once its close is written; a client waits for that. */
    private void finishCloseHandshake(ByteBuffer buf) {
        try {
            if (!writingDone.await(config.closeTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (role == Role.CLIENT) {
            drainInput(buf); // until the server closes TCP, or the close deadline aborts
        }
    }

    private void drainInput(ByteBuffer buf) {
        try {
            do {
                buf.clear();
            } while (in.read(buf) >= 0);
        } catch (IOException e) {
            // aborted by the close deadline, or reset by the peer: either way we are done
        }
    }

    private void terminate() {
        terminated = true;
        cancel(liveness);
        cancel(closeDeadline);
        closeQuietly(in);
        closeQuietly(out);
        closeQueue();
        kick(); // discards what is still queued, unless a drainer is busy: then it does
        sendLock.lock();
        try {
            if (compressor != null) {
                compressor.release();
            }
        } finally {
            sendLock.unlock();
        }
        decoder.release();
        MessageEvents.closed();
        try {
            listener.onClose(this, closeCode, closeReason);
        } catch (RuntimeException e) {
            listener.onError(this, e);
        } finally {
            closed.countDown();
        }
    }

    // ---- liveness ----

    private void checkLiveness() {
        if (terminated) {
            return;
        }
        long now = System.nanoTime();
        long ping = config.pingInterval().toNanos();
        if (ping > 0) {
            long silent = now - lastReadNanos;
            if (silent >= 2 * ping) {
                closeReason = "no answer to ping";
                abort(); // half-open or hung peer: a close frame would never be answered
                return;
            }
            if (silent >= ping) {
                sendControl(Opcode.PING, EMPTY.duplicate());
            }
        }
        long idle = config.idleTimeout().toNanos();
        if (idle > 0 && now - lastMessageNanos >= idle) {
            close(CloseCodes.GOING_AWAY, "idle timeout");
        }
    }

    /** Decoded traffic, on the reader thread. Callback exceptions become 1011 through readLoop. */
    private final class Inbound implements MessageDecoder.Listener {
        @Override
        public void onText(String text) {
            if (!closeReceived) {
                lastMessageNanos = System.nanoTime();
                MessageEvents.received(Opcode.TEXT, text.length());
                listener.onText(WebSocket.this, text);
            }
        }

        @Override
        public void onBinary(ByteBuffer data) {
            if (!closeReceived) {
                lastMessageNanos = System.nanoTime();
                MessageEvents.received(Opcode.BINARY, data.remaining());
                listener.onBinary(WebSocket.this, data);
            }
        }

        @Override
        public void onPing(ByteBuffer payload) {
            if (!closeReceived) {
                sendControl(Opcode.PONG, payload.duplicate());
                listener.onPing(WebSocket.this, payload);
            }
        }

        @Override
        public void onPong(ByteBuffer payload) {
            if (!closeReceived) {
                listener.onPong(WebSocket.this, payload);
            }
        }

        @Override
        public void onClose(int code, String reason) {
            if (closeReceived) {
                return;
            }
            closeReceived = true;
            closeCode = code;
            closeReason = reason;
            // Echo the peer's code (RFC 6455 §5.5.1); no-op if we had sent ours already.
            sendClose(FrameEncoder.closePayload(code, ""), false, false);
        }
    }

    // ---- state ----

    public long id() {
        return id;
    }

    public Role role() {
        return role;
    }

    /** The subprotocol the handshake chose, or null. */
    public String subprotocol() {
        return negotiated.subprotocol();
    }

    public Negotiated negotiated() {
        return negotiated;
    }

    public WebSocketConfig config() {
        return config;
    }

    /** True until a close frame has been sent or the connection has ended. */
    public boolean isOpen() {
        return !closeSent.get() && !terminated;
    }

    /** Encoded bytes waiting in the outbound queue (or being written). */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    public int queuedMessages() {
        return queuedMessages.get();
    }

    /** Waits until the connection has ended and {@link WebSocketListener#onClose} has returned. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Application state carried with the connection (a user id, a room). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        attachment = value;
    }

    @Override
    public String toString() {
        return "WebSocket[" + id + " " + role + (isOpen() ? " open]" : " closing]");
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
