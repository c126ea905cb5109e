package io.throng.mongrel.front;

import io.throng.http.HttpException;
import io.throng.mongrel.config.GatewayConfig;
import io.throng.mongrel.config.Router;
import io.throng.mongrel.ports.HandlerPort;
import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.wire.Request;
import io.throng.mongrel.wire.RequestEncoder;
import io.throng.mongrel.wire.WebSocket;
import io.throng.net.codec.MalformedFrameException;
import java.io.IOException;
import java.nio.ByteBuffer;
import io.throng.net.ByteStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One client connection the gateway owns, Mongrel2-style: from its first request for a handler until it
 * closes, the connection is a pipe. This thread reads requests (or WebSocket frames) and forwards them;
 * reply bytes go to the socket as they come, in order, without parsing — a whole response, a chunk of a
 * stream, a WebSocket frame, a broadcast — either straight from the port's receive thread ({@link
 * #deliver}'s fast path) or through a writer thread that may wait on a slow client.
 *
 * <p>Keep-alive works as in Mongrel2: the gateway never decides when a response is complete; the
 * client sends its next request when it has read the previous answer, and pipelined requests are
 * forwarded in order (the handler SDK answers one connection's requests in order). The connection
 * ends when the client closes it, the handler sends an empty reply or {@code ctl cancel}, or the
 * gateway answers an error itself (404, 503, 504, ...), which always closes it.
 *
 * <p>The one thing the gateway tracks in replies is whether a request's response has <em>started</em>
 * (a reply beginning with {@code HTTP/}), so that a handler's timeout (504), a handler that vanished
 * (502) or a request that went stale before any handler took it (503) can be answered. A streaming
 * response has no time limit once its head has left.
 */
final class Relay {

    private static final long MAX_FRAME = 16L << 20;
    /** Bytes waiting for a slow client before the gateway gives up on it (Mongrel2 kills after 16 messages). */
    private static final long MAX_QUEUED_BYTES = 16L << 20;
    private static final long WRITER_EXIT_MILLIS = 30_000;

    /**
     * Bytes for the client, in a buffer this item alone reads (a handler's reply is a read-only view of the
     * received frame, {@code Reply.bodyView()}); {@code fromHandler} separates replies from the gateway's
     * own answers, and {@code rest} marks the unwritten tail of a reply the fast path began.
     */
    private record Out(ByteBuffer bytes, boolean fromHandler, boolean rest) {
        Out(byte[] bytes, boolean fromHandler) {
            this(ByteBuffer.wrap(bytes), fromHandler, false);
        }
    }

    private static final byte[] NO_BODY = new byte[0];
    private static final Out END = new Out(new byte[0], false);
    /** Wakes a writer waiting with no request pending, so that it starts watching a new one's limits. */
    private static final Out WATCH = new Out(new byte[0], false);

    private final long id;
    private final ByteStream channel;
    private final RelayContext context;
    private final RelayedHeads heads;
    private final Peer peer;
    private final LinkedBlockingQueue<Out> mailbox = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<PendingRequest> pending = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    /**
     * Held while bytes go to the socket, by the writer or by a port's receive thread on the fast path
     * ({@link #deliver}); together with {@link #unwritten} it keeps replies in order.
     */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Items put in the mailbox and not yet written (or dropped) by the writer. */
    private final AtomicInteger unwritten = new AtomicInteger();
    /** Set once a fast-path write did not fit in the socket's buffer: the client is slow, use the writer. */
    private volatile boolean slow;
    /** Whether the connection's first request announced {@code DOWNLOAD_CREDITS} (Mongrel2 does it once). */
    private boolean creditsAnnounced;
    private volatile boolean closing;
    private volatile boolean handlerClosed;
    private volatile Backend last;
    /** When bytes last moved either way, from {@link System#nanoTime()}; for the handler's {@code idle} limit. */
    private volatile long lastActivity = System.nanoTime();
    /** Encodes this connection's requests, on its reading thread; kept so that its buffers are reused. */
    private final RequestEncoder encoder = new RequestEncoder(HeaderFormat.JSON);
    private byte[] buf = new byte[8192];
    private ByteBuffer bufView;
    private int start;
    private int end;
    // After a WebSocket handshake: the upgrade request, its route, and the frame assembler.
    private ClientRequest upgrade;
    private String upgradePattern;
    private Backend upgradeBackend;
    private WebSocket.Assembler assembler;

    Relay(RelayContext context, ByteStream channel, Peer peer) {
        this.id = context.relays().nextId();
        this.channel = channel;
        this.context = context;
        this.heads = new RelayedHeads(context.http());
        this.peer = peer;
    }

    /** Serves the connection until it ends; {@code leftover} is what the client sent after {@code first}. */
    void run(ClientRequest first, ByteBuffer leftover) {
        context.relays().add(id, this);
        Thread writer = null;
        try {
            if (leftover.remaining() > buf.length) {
                buf = new byte[leftover.remaining() * 2];
            }
            end = leftover.remaining();
            leftover.get(buf, 0, end);
            boolean forwarded = forward(first); // before the writer starts, so that it knows the route's limits
            writer = Thread.ofVirtual().name("gateway-writer-" + id).start(this::writeLoop);
            boolean clientLeft = forwarded && readLoop();
            if (clientLeft) {
                closeChannel(); // nobody to write to: do not wait for the writer to find out
            }
        } catch (IOException e) {
            closeChannel(); // the client vanished or the writer closed the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeChannel();
        } finally {
            enqueue(END);
            try {
                if (writer != null) {
                    writer.join(WRITER_EXIT_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeChannel();
            context.relays().remove(id);
            Backend b = last;
            if (!handlerClosed && b != null) {
                b.disconnected(id); // Mongrel2 tells the last handler; a close the handler asked for is not news
            }
        }
    }

    // ------------------------------------------------------------------ client → handler

    /** Reads until the client leaves (true) or the gateway ended the connection (false). */
    private boolean readLoop() throws IOException, InterruptedException {
        while (!closing) {
            if (upgrade != null) {
                WebSocket.Frame frame;
                try {
                    frame = WebSocket.read(buf, start, end, MAX_FRAME);
                } catch (MalformedFrameException e) {
                    return answer(WebSocket.close(1002, "protocol error"));
                }
                if (frame == null) {
                    if (fill(MAX_FRAME + 14) < 0) {
                        return true;
                    }
                    continue;
                }
                start += frame.length();
                WebSocket.Frame whole;
                try {
                    whole = assembler.accept(frame);
                } catch (MalformedFrameException e) {
                    return answer(WebSocket.close(1002, "protocol error"));
                }
                if (whole != null) {
                    Request message = MongrelRequests.frame(upgradeBackend.spec, id, upgrade, upgradePattern, peer, whole);
                    upgradeBackend.send(message, () -> !closing);
                }
                continue;
            }
            RelayedHeads.Head head;
            try {
                ByteBuffer unread = view(start, end);
                head = heads.parse(unread);
                start = unread.position(); // also past empty lines the parser skipped
            } catch (HttpException e) {
                return answer(Answers.status(e.status(), e.getMessage()));
            }
            if (head == null) {
                if (fill(2L * context.http().maxHeadBytes()) < 0) {
                    return true;
                }
                continue;
            }
            ClientRequest r = head.request();
            if (r.expectsContinue() && head.contentLength() > end - start) {
                enqueue(new Out(Answers.CONTINUE, false));
            }
            byte[] body = readBody((int) head.contentLength());
            if (body == null) {
                return true;
            }
            r = new ClientRequest(r.method(), r.target(), r.path(), r.query(), r.version(), r.fields(), body);
            if (!forward(r)) {
                return false;
            }
        }
        return false;
    }

    /** Routes and forwards one request; false when the gateway answered it itself and closes. */
    private boolean forward(ClientRequest r) throws InterruptedException {
        long began = System.nanoTime();
        Optional<Router.Match> match = context.router().route(r.field("Host"), r.path());
        if (match.isEmpty()) {
            RequestEvents.routed(r, RequestEvents.NO_HANDLER, RequestEvents.Outcome.NO_ROUTE, began);
            return answer(Answers.status(404, "no route for " + r.path()));
        }
        GatewayConfig.Route route = match.get().route();
        if (route.target() instanceof GatewayConfig.DirTarget) {
            // Static files are served by throng-http on a connection it owns: send the client to a fresh one.
            RequestEvents.routed(r, RequestEvents.NO_HANDLER, RequestEvents.Outcome.REDIRECTED, began);
            return answer(Answers.redirectToFreshConnection(r.target()));
        }
        Backend backend = context.backends().get(((GatewayConfig.HandlerTarget) route.target()).handler());
        Optional<Integer> noHandler = backend.spec.noHandler();
        if (noHandler.isPresent() && backend.connectedHandlers() == 0) {
            RequestEvents.routed(r, backend.counts, RequestEvents.Outcome.NO_HANDLER, began);
            return answer(Answers.status(noHandler.get(), "no handler for " + backend.spec.name()));
        }
        PendingRequest p = new PendingRequest(backend);
        Integer credits = null;
        if (backend.spec.credits().isPresent() && !creditsAnnounced) {
            credits = backend.spec.credits().get();
            creditsAnnounced = true;
        }
        Request message = null;
        byte[] encoded = null;
        if (r.isWebSocketUpgrade()) {
            message = MongrelRequests.handshake(backend.spec, id, r, route.spec(), peer, credits);
            upgrade = r;
            upgradePattern = route.spec();
            upgradeBackend = backend;
            assembler = new WebSocket.Assembler(MAX_FRAME);
        } else if (backend.isLocal()) {
            message = MongrelRequests.http(backend.spec, id, r, route.spec(), peer, credits);
        } else {
            encoded = MongrelRequests.httpBytes(encoder, backend.spec, id, r, route.spec(), peer, credits);
        }
        last = backend;
        pending.add(p);
        if (PendingRequest.hasLimits(backend.spec)) {
            enqueue(WATCH);
        }
        long staleNanos = backend.spec.stale().map(java.time.Duration::toNanos).orElse(Long.MAX_VALUE);
        BooleanSupplier wanted = () -> {
            if (closing) {
                return false;
            }
            if (System.nanoTime() - p.sentNanos > staleNanos) {
                p.stale = true; // the writer answers 503
                return false;
            }
            return true;
        };
        if (encoded != null) {
            backend.send(encoded, wanted);
        } else {
            backend.send(message, wanted);
        }
        RequestEvents.routed(r, backend.counts, RequestEvents.Outcome.FORWARDED, began);
        return true;
    }

    /** Queues the gateway's own answer, after which the connection closes. */
    private boolean answer(byte[] bytes) {
        enqueue(new Out(bytes, false));
        enqueue(END);
        return false;
    }

    /** Reads more bytes, growing the buffer up to {@code limit}; -1 at end of stream. */
    private int fill(long limit) throws IOException {
        if (start == end) {
            start = 0;
            end = 0;
        } else if (end == buf.length) {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            } else if (buf.length < limit) {
                buf = Arrays.copyOf(buf, (int) Math.min(limit, 2L * buf.length));
            }
        }
        int n = channel.read(view(end, buf.length));
        if (n > 0) {
            end += n;
            lastActivity = System.nanoTime();
        }
        return n;
    }

    /**
     * {@code buf[from, to)} as a buffer: one wrapper for as long as {@code buf} is not replaced, since the
     * read loop needs one per read and per request.
     */
    private ByteBuffer view(int from, int to) {
        if (bufView == null || bufView.array() != buf) {
            bufView = ByteBuffer.wrap(buf);
        }
        return bufView.limit(to).position(from);
    }

    private byte[] readBody(int length) throws IOException {
        if (length == 0) {
            return NO_BODY; // most requests
        }
        byte[] body = new byte[length];
        int got = Math.min(length, end - start);
        System.arraycopy(buf, start, body, 0, got);
        start += got;
        if (got == length) {
            return body;
        }
        ByteBuffer rest = ByteBuffer.wrap(body, got, length - got);
        while (rest.hasRemaining()) {
            if (channel.read(rest) < 0) {
                return null;
            }
        }
        return body;
    }

    private void enqueue(Out o) {
        unwritten.incrementAndGet();
        mailbox.add(o);
    }

    // ------------------------------------------------------------------ handler → client

    /**
     * Called on a port's receive thread; false if the connection is already gone. With {@code mayWriteNow}
     * (a reply to this connection alone) and nothing queued for the writer, the bytes go to the socket
     * from this thread — saving the hand-off to the writer, which is most of a small reply's cost. On the
     * epoll engine that is one write(2) that never waits ({@link ByteStream#writeNow}): it takes what fits
     * in the socket's buffer, and what does not fit goes to the writer and the connection is marked slow,
     * so the receive thread never waits on a client. A stream that cannot write without perhaps waiting
     * (TLS, the NIO engine) is written inside {@link HandlerPort#writing}: if that write blocks, the port's
     * watchdog gives the other connections a new receive thread.
     */
    boolean deliver(ByteBuffer body, boolean mayWriteNow) {
        if (closing) {
            return false;
        }
        if (mayWriteNow && body.hasRemaining() && !slow && unwritten.get() == 0 && writeLock.tryLock()) {
            try {
                if (unwritten.get() == 0 && !closing) {
                    writeNow(body);
                    return true;
                }
            } finally {
                writeLock.unlock();
            }
        }
        Backend b = last;
        long cap = b != null && b.spec.credits().isPresent() ? b.spec.credits().get() : MAX_QUEUED_BYTES;
        if (queuedBytes.addAndGet(body.remaining()) > cap) {
            closing = true; // the client does not read fast enough: drop it rather than grow without bound
            closeChannel();
            return false;
        }
        enqueue(new Out(body, true, false));
        return true;
    }

    /** The fast path of {@link #deliver}; runs under the write lock with nothing queued. */
    private void writeNow(ByteBuffer body) {
        if (startsResponse(body)) {
            pending.poll();
        }
        int length = body.remaining();
        try {
            if (channel.writeNow(body) < 0) {
                // This stream cannot write without perhaps waiting (TLS, the NIO engine): write inside a
                // section, so that the port's watchdog gives the other connections a new receiver if it waits.
                try (var w = HandlerPort.writing()) {
                    channel.write(body);
                }
            }
        } catch (IOException e) {
            closeChannel(); // the reader sees the closed channel and sends the notice
            return;
        }
        lastActivity = System.nanoTime();
        creditsBack(length - body.remaining());
        if (body.hasRemaining()) {
            slow = true;
            queuedBytes.addAndGet(body.remaining());
            enqueue(new Out(body, true, true)); // the writer goes on from where this write stopped
        }
    }

    /** Under {@code credits}: tells the connection's handler that {@code bytes} of its replies reached the socket. */
    private void creditsBack(long bytes) {
        Backend b = last;
        if (bytes > 0 && b != null && b.spec.credits().isPresent()) {
            b.credits(id, bytes);
        }
    }

    /** {@code ctl cancel}: drop the client at once, without a notice. */
    void cancel() {
        handlerClosed = true;
        closing = true;
        closeChannel();
        enqueue(END);
    }

    private void writeLoop() {
        List<Out> batch = new ArrayList<>();
        try {
            while (true) {
                Out first = next();
                if (first == null) {
                    return; // the gateway answered a failed request, or the connection idled too long
                }
                batch.add(first);
                mailbox.drainTo(batch, 63);
                boolean stop = writeBatch(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client is gone; the reader sees the closed channel and sends the notice
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closing = true;
            closeChannel();
        }
    }

    /**
     * Writes one batch in one gathering write, under the write lock; true if the connection ends after
     * it (the gateway's END, or the handler's empty reply).
     */
    private boolean writeBatch(List<Out> batch) throws IOException {
        List<ByteBuffer> out = new ArrayList<>(batch.size());
        boolean stop = false;
        long fromHandler = 0;
        writeLock.lock();
        try {
            for (Out o : batch) {
                if (o == WATCH) {
                    continue;
                }
                if (o == END) {
                    stop = true;
                    break;
                }
                if (o.fromHandler()) {
                    int length = o.bytes().remaining();
                    queuedBytes.addAndGet(-length);
                    if (length == 0) {
                        handlerClosed = true; // Mongrel2's kill message
                        stop = true;
                        break;
                    }
                    if (!o.rest() && startsResponse(o.bytes())) {
                        pending.poll();
                    }
                    fromHandler += length;
                }
                out.add(o.bytes());
            }
            write(out.toArray(ByteBuffer[]::new));
            creditsBack(fromHandler);
        } finally {
            unwritten.addAndGet(-batch.size()); // only now may the fast path write after these
            writeLock.unlock();
        }
        return stop;
    }

    /**
     * The next thing to write; while a request waits for its response, wakes up to check the route's
     * limits and returns null after writing the gateway's answer (504, 502 or 503).
     */
    private Out next() throws InterruptedException, IOException {
        while (true) {
            PendingRequest p = pending.peek();
            if (p == null || !PendingRequest.hasLimits(p.backend.spec)) {
                Backend b = last;
                Optional<java.time.Duration> idle = b == null ? Optional.empty() : b.spec.idle();
                if (idle.isEmpty()) {
                    return mailbox.take();
                }
                long left = idle.get().toNanos() - (System.nanoTime() - lastActivity);
                Out o = left > 0 ? mailbox.poll(left, TimeUnit.NANOSECONDS) : null;
                if (o != null) {
                    return o;
                }
                if (idleTooLong()) {
                    return null;
                }
                continue;
            }
            Out o = mailbox.poll(p.waitNanos(), TimeUnit.NANOSECONDS);
            if (o != null) {
                return o;
            }
            byte[] failure = p.failure();
            if (failure != null) {
                writeLock.lock();
                try {
                    if (pending.peek() != p) {
                        continue; // the response started on the fast path meanwhile
                    }
                    write(new ByteBuffer[] {ByteBuffer.wrap(failure)});
                } finally {
                    writeLock.unlock();
                }
                return null;
            }
            if (idleTooLong()) {
                return null;
            }
        }
    }

    /** The handler's {@code idle} limit has passed with no bytes either way (Mongrel2's idle killer). */
    private boolean idleTooLong() {
        Backend b = last;
        return b != null && b.spec.idle().isPresent()
                && System.nanoTime() - lastActivity >= b.spec.idle().get().toNanos();
    }

    private static boolean startsResponse(ByteBuffer b) {
        int p = b.position();
        return b.remaining() >= 5 && b.get(p) == 'H' && b.get(p + 1) == 'T' && b.get(p + 2) == 'T' && b.get(p + 3) == 'P'
                && b.get(p + 4) == '/';
    }

    private void write(ByteBuffer[] buffers) throws IOException {
        long left = 0;
        for (ByteBuffer b : buffers) {
            left += b.remaining();
        }
        while (left > 0) {
            left -= channel.write(buffers);
        }
        lastActivity = System.nanoTime();
    }

    private void closeChannel() {
        closing = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
