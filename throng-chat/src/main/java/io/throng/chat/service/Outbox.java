package io.throng.chat.service;

import io.throng.channels.Channel;
import io.throng.channels.ChannelClosedException;
import io.throng.channels.Received;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import io.throng.chat.protocol.ServerMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The bounded queue of frames for one transport connection: rooms and the connection put frames in
 * without ever blocking ({@link #offer}), the transport's writer takes them out. It is bounded in
 * frames and in characters of JSON. When a frame does not fit, the outbox closes itself with {@link ErrorCode#SLOW_CONSUMER}: the transport writes what is
 * queued, then {@link #closingFrame()}, then closes; the client resumes and the room log replays what
 * it missed. Above three quarters full, ephemeral frames (presence changes) are dropped instead
 * (degraded mode). Thread-safe; one reader expected: one that waits in {@link #receive}, or one that
 * is told when there is something to take ({@link #onReady}) and takes it with {@link #poll}.
 */
public final class Outbox {
    private final Channel<Frame> frames;
    private final int capacity;
    private final int ephemeralLimit;
    private final long maxChars;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong chars = new AtomicLong();
    private final ChatStats stats;
    private volatile ErrorCode closeReason;
    private volatile Consumer<Outbox> onClose = o -> { };
    private volatile Runnable onReady = () -> { };
    /** The user whose session this outbox serves, once attached (for the slow-consumer JFR event). */
    volatile String owner;
    /** The room pass ({@link Wakeups}) that owes this outbox a wake-up, or null: see {@link #hold}. */
    private volatile Wakeups holder;
    private static final VarHandle HOLDER;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(Outbox.class, "holder", Wakeups.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public Outbox(int capacity, long maxChars, ChatStats stats) {
        this.frames = Channel.buffered(capacity);
        this.capacity = capacity;
        this.maxChars = maxChars;
        this.ephemeralLimit = capacity * 3 / 4;
        this.stats = stats;
    }

    /** Runs once, on the thread that closes the outbox, after it closed. Set it before sharing the outbox. */
    public void onClose(Consumer<Outbox> listener) {
        this.onClose = listener;
    }

    /**
     * Runs after every frame queued and after the outbox closed, on the thread that did it (a room, a
     * connection's reader, the sweeper): for a transport that forwards frames as they come instead of
     * keeping a thread waiting in {@link #receive}. It must not block, and it must expect concurrent
     * and re-entrant calls. Set it before frames can arrive, then take what is already there.
     */
    public void onReady(Runnable listener) {
        this.onReady = listener;
    }

    /** Queues a frame without blocking; returns false if the outbox is (now) closed. */
    public boolean offer(Frame frame) {
        return offer(frame, null);
    }

    /**
     * Like {@link #offer(Frame)}, but a frame queued leaves the reader's wake-up to {@code pass} (a
     * room's fan-out pass, which wakes it once at its end) instead of waking it now; null wakes now.
     */
    boolean offer(Frame frame, Wakeups pass) {
        return offer(frame, pass, true);
    }

    /**
     * Like {@link #offer(Frame)}, but leaves the reader asleep: the caller queues more (frames for many
     * outboxes arrive together) and then wakes each outbox it queued into with {@link #wakeReader}, on a
     * thread of its choosing. Frames keep their order: they are in the queue when this returns.
     */
    public boolean offerUnwoken(Frame frame) {
        return offer(frame, null, false);
    }

    /** Tells the reader there is something to take (after {@link #offerUnwoken}). */
    public void wakeReader() {
        onReady.run();
    }

    private boolean offer(Frame frame, Wakeups pass, boolean wake) {
        if (closeReason != null) {
            return false;
        }
        if (frame.ephemeral() && size.get() >= ephemeralLimit) {
            stats.ephemeralDropped.increment();
            return true;
        }
        int length = frame.json().length();
        boolean fits = chars.addAndGet(length) <= maxChars || size.get() == 0;
        size.incrementAndGet();
        boolean sent = false;
        try {
            sent = fits && frames.trySend(frame);
        } catch (ChannelClosedException closedMeanwhile) {
            size.decrementAndGet();
            chars.addAndGet(-length);
            return false;
        }
        if (sent) {
            stats.framesOut.increment();
            if (pass != null) {
                pass.hold(this);
            } else if (wake) {
                onReady.run();
            }
            return true;
        }
        size.decrementAndGet();
        chars.addAndGet(-length);
        if (close(ErrorCode.SLOW_CONSUMER)) {
            stats.slowConsumers.increment();
            io.throng.chat.events.ChatEvents.slowConsumerCut(owner, size.get(), chars.get());
        }
        return false;
    }

    /**
     * The next frame, waiting up to {@code timeout}: {@code Value}, {@code Empty} on timeout, or
     * {@code Closed} once closed and drained (then see {@link #closingFrame()}).
     */
    public Received<Frame> receive(Duration timeout) throws InterruptedException {
        return taken(frames.receive(timeout));
    }

    /** The next frame, waiting as long as it takes: {@code Value} or {@code Closed}. */
    public Received<Frame> receive() throws InterruptedException {
        return taken(frames.receive());
    }

    /** The next frame if one is queued, without waiting: {@code Value}, {@code Empty}, or {@code Closed} once closed and drained. */
    public Received<Frame> poll() {
        return taken(frames.tryReceive());
    }

    /** What a transport with a queue of its own does with a frame it took from the outbox: see {@link #admit}. */
    public enum Admission {
        /** Put it in the transport's queue. */
        SEND,
        /** Leave it out: a presence change while the client is behind, or anything after a slow-consumer close. */
        SKIP,
        /** The transport's queue is full: the outbox has just closed with {@code slow_consumer}; send its closing frame. */
        OVERFLOW
    }

    /**
     * The outbox's bounds applied downstream. A transport that moves frames into a queue of its own at
     * once (a WebSocket's outbound queue, so that no thread per connection waits in {@link #receive})
     * leaves this outbox nearly empty, so its bounds alone would never see a slow client. Before queueing
     * each frame such a transport asks here, giving what its own queue holds: the same bounds, degraded
     * mode and {@code slow_consumer} close apply as if the frames were still here.
     *
     * @param queuedFrames frames the transport has queued and not yet written
     * @param queuedChars about the characters of JSON those hold (bytes will do)
     */
    public Admission admit(Frame frame, int queuedFrames, long queuedChars) {
        if (closeReason == ErrorCode.SLOW_CONSUMER) {
            return Admission.SKIP;
        }
        if (frame.ephemeral() && queuedFrames >= ephemeralLimit) {
            stats.ephemeralDropped.increment();
            return Admission.SKIP;
        }
        boolean fits = queuedFrames == 0
                || (queuedFrames < capacity && queuedChars + frame.json().length() <= maxChars);
        if (fits) {
            return Admission.SEND;
        }
        if (close(ErrorCode.SLOW_CONSUMER)) {
            stats.slowConsumers.increment();
            io.throng.chat.events.ChatEvents.slowConsumerCut(owner, queuedFrames, queuedChars);
        }
        return Admission.OVERFLOW;
    }

    /** Up to {@code max} frames already queued, without waiting (a long-poll response body). */
    public List<Frame> drain(int max) {
        List<Frame> out = new ArrayList<>();
        while (out.size() < max && frames.tryReceive() instanceof Received.Value<Frame>(Frame f)) {
            taken(f);
            out.add(f);
        }
        return out;
    }

    private Received<Frame> taken(Received<Frame> r) {
        if (r instanceof Received.Value<Frame>(Frame f)) {
            taken(f);
        }
        return r;
    }

    private void taken(Frame f) {
        size.decrementAndGet();
        chars.addAndGet(-f.json().length());
    }

    /**
     * Takes this outbox into {@code pass}, which will {@link #wake} it: true the first time. False if
     * {@code pass} holds it already, or if another pass does, in which case it is woken now (one room
     * never waits for another's pass; the frames are in the queue before this is asked, so that wake-up
     * moves them).
     */
    boolean hold(Wakeups pass) {
        Wakeups h = holder;
        if (h == pass) {
            return false;
        }
        if (h == null && HOLDER.compareAndSet(this, null, pass)) {
            return true;
        }
        onReady.run();
        return false;
    }

    /** Ends a {@link #hold}: released first, so a frame a pass queues after this is woken by that pass. */
    void wake() {
        holder = null;
        onReady.run();
    }

    /** Characters of JSON queued now (stale as soon as read; for metrics and tests). */
    public long chars() {
        return chars.get();
    }

    /** Frames queued now (stale as soon as read; for metrics and tests). */
    public int size() {
        return size.get();
    }

    public int capacity() {
        return capacity;
    }

    /** Why the outbox closed, or null while open (or closed by the transport itself). */
    public ErrorCode closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return frames.isClosed();
    }

    /** The error frame a transport writes last, after the queued frames, when the server closed it. */
    public Optional<Frame> closingFrame() {
        ErrorCode reason = closeReason;
        if (reason == null) {
            return Optional.empty();
        }
        String why = switch (reason) {
            case SLOW_CONSUMER -> "the connection fell too far behind; resume to catch up";
            case REPLACED -> "another connection resumed this session";
            case SHUTTING_DOWN -> "the server is shutting down; reconnect and resume";
            case REVOKED -> "your login ended (logout, password change or revocation); log in again";
            default -> reason.wire();
        };
        return Optional.of(Frame.of(ServerMessage.Error.of(reason, why)));
    }

    /**
     * Closes with a reason, or with {@code null} when the transport itself went away. Only the first
     * close counts (returns true); queued frames can still be taken.
     */
    public boolean close(ErrorCode reason) {
        synchronized (this) {
            if (frames.isClosed()) {
                return false;
            }
            closeReason = reason;
            frames.close();
        }
        onClose.accept(this);
        onReady.run();
        return true;
    }
}
