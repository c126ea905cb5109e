package io.throng.chat.cluster;

import io.throng.chat.service.Outbox;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The connections a worker's {@code frames} messages queued frames for and has not woken yet: each is woken once
 * the first of them has waited {@code linger}, so a connection's frames of that span leave in one write(2).
 *
 * <p>Why: at 30,000 users a worker's carriers spent ~¾ of their time in write(2), one per connection per frames
 * message (a room's ~10 messages a second arrive in ~7 of them), and the same traffic through bare loopback
 * sockets alone fills the box's two cores at that rate of writes and leaves more than one at two writes a second
 * (bench/chat-floor, 2026-12-07): the deliveries queued for a core, not for a socket. Waking later costs each
 * delivery at most {@code linger} and saves the writes of every frames message that follows within it.
 *
 * <p>Only a busy worker lingers, like Nagle's algorithm holding small segments only while one is unacknowledged:
 * when no earlier wake-up is still running and none is held, the touched connections are woken at once, so a
 * quiet chat pays nothing; when wake-ups are still queued for a carrier, the box is the bottleneck and holding
 * costs less than it saves.
 *
 * <p>Order is untouched: the frames are already in each outbox, in order; only the wake-up waits. A connection
 * is held once however many messages touched it. Receiver thread only.
 */
final class WakeBatch {
    private final long lingerNanos;
    private final LinkedHashSet<Outbox> waiting = new LinkedHashSet<>();
    /** When the oldest waiting connection is due (nanoTime); meaningless when none waits. */
    private long dueAt;

    /** @param lingerNanos how long the first connection touched waits for more frames; 0 wakes at once */
    WakeBatch(long lingerNanos) {
        this.lingerNanos = lingerNanos;
    }

    /**
     * Takes the connections a frames message {@code touched} at {@code now}: returns them to wake at once if the
     * worker is not {@code busy} (no earlier wake-up still running) and none is held; otherwise holds them, in
     * order, each at most once, and returns none.
     */
    List<Outbox> add(List<Outbox> touched, long now, boolean busy) {
        if (lingerNanos == 0 || (!busy && waiting.isEmpty())) {
            return touched;
        }
        if (waiting.isEmpty() && !touched.isEmpty()) {
            dueAt = now + lingerNanos;
        }
        waiting.addAll(touched);
        return List.of();
    }

    /** Nanoseconds from {@code now} until the held connections are due: 0 if they are, Long.MAX_VALUE if none is held. */
    long nanosUntilDue(long now) {
        return waiting.isEmpty() ? Long.MAX_VALUE : Math.max(0, dueAt - now);
    }

    /** Every connection held, oldest first, if they are due at {@code now}; else none. */
    List<Outbox> takeDue(long now) {
        if (waiting.isEmpty() || dueAt - now > 0) {
            return List.of();
        }
        List<Outbox> due = new ArrayList<>(waiting);
        waiting.clear();
        return due;
    }
}
