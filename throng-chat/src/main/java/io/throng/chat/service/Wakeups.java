package io.throng.chat.service;

import java.util.ArrayList;
import java.util.List;

/**
 * The outboxes one room's fan-out pass has put frames in without waking their transports yet, woken
 * together when the pass ends ({@link #release}). A member that gets several messages in one pass (a
 * batch's messages, its own ack, a notice's carried messages) is then moved to its socket once, as
 * one write(2), instead of once per frame. On a loopback or LAN socket the write, not the JSON, is most
 * of what a delivery costs: perf of a chat node under {@code bench/chat-cluster} (2026-12-07 00:06 UTC)
 * put 63% of one node's CPU (48% of a node of three) under write(2), at 0.9 write per delivery.
 *
 * <p>Confined to its room's thread. An outbox already held by another room's pass is woken at once
 * instead ({@link Outbox#hold}): a room never waits for another room's pass. At most {@code limit}
 * messages are held before a release, so that a long catch-up neither delays the first member's
 * frames for long nor fills an outbox with frames its transport has not been asked to take (which
 * would count as a slow consumer).
 */
final class Wakeups {
    private final List<Outbox> held = new ArrayList<>();
    private final int limit;
    private int messages;

    /** @param outboxCapacity the outboxes' capacity: a pass holds at most an eighth of it, and at most 32 messages */
    Wakeups(int outboxCapacity) {
        this.limit = Math.clamp(outboxCapacity / 8, 1, 32);
    }

    /** {@code o} has a frame of this pass queued: it is woken at {@link #release}, or now if another room holds it. */
    void hold(Outbox o) {
        if (o.hold(this)) {
            held.add(o);
        }
    }

    /** One more message fanned out in this pass; at the limit, everything held is woken now. */
    void counted() {
        if (++messages >= limit) {
            release();
        }
    }

    /** Wakes every outbox held, each once. */
    void release() {
        messages = 0;
        if (held.isEmpty()) {
            return;
        }
        for (Outbox o : held) {
            o.wake();
        }
        held.clear();
    }

    /** Outboxes held now (for tests). */
    int holding() {
        return held.size();
    }
}
