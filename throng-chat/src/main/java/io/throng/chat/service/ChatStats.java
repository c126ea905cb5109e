package io.throng.chat.service;

import java.util.concurrent.atomic.LongAdder;

/** Counters for /metrics. Monotonic; read them as rates. */
public final class ChatStats {
    final LongAdder stored = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder slowConsumers = new LongAdder();
    final LongAdder ephemeralDropped = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder caughtUp = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder rejected = new LongAdder();

    /** Messages durably stored and acknowledged. */
    public long stored() {
        return stored.sum();
    }

    /** Retried sends answered with the original acknowledgement. */
    public long duplicates() {
        return duplicates.sum();
    }

    /** Frames queued to outboxes. */
    public long framesOut() {
        return framesOut.sum();
    }

    /** Connections closed because their outbox overflowed. */
    public long slowConsumers() {
        return slowConsumers.sum();
    }

    /** Presence frames dropped from nearly full outboxes. */
    public long ephemeralDropped() {
        return ephemeralDropped.sum();
    }

    /** Messages replayed on resume or join-after. */
    public long replayed() {
        return replayed.sum();
    }

    /** Messages of other writers read from the log and fanned out live (several nodes on one log). */
    public long caughtUp() {
        return caughtUp.sum();
    }

    /** Gap signals sent. */
    public long gaps() {
        return gaps.sum();
    }

    /** Client frames answered with an error. */
    public long rejected() {
        return rejected.sum();
    }
}
