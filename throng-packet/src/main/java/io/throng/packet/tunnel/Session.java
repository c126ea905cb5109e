package io.throng.packet.tunnel;

import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;

/**
 * One set of transport keys from one handshake: a key per direction, the index each side gave it (the
 * receiver's index is the first thing in every transport message, so it finds the key in one look-up),
 * the send counter and the replay window. A counter is never reused under a key: it only goes up, a
 * session stops sending at {@link #REJECT_AFTER_MESSAGES}, and a new handshake (fresh ephemeral keys,
 * so fresh transport keys) starts every session, including after a restart.
 */
final class Session {
    /** Far below 2^64: a session is replaced by time (two minutes) long before it could get here. */
    static final long REJECT_AFTER_MESSAGES = 1L << 60;

    final int localIndex, remoteIndex;
    final SecretKey sendKey, receiveKey;
    final boolean initiator;
    final long createdNanos;
    final ReplayWindow window = new ReplayWindow();
    private final AtomicLong sendCounter = new AtomicLong();

    Session(int localIndex, int remoteIndex, SecretKey sendKey, SecretKey receiveKey, boolean initiator, long createdNanos) {
        this.localIndex = localIndex;
        this.remoteIndex = remoteIndex;
        this.sendKey = sendKey;
        this.receiveKey = receiveKey;
        this.initiator = initiator;
        this.createdNanos = createdNanos;
    }

    /** The next send counter, or -1 when this session has sent all it may. */
    long nextCounter() {
        long c = sendCounter.getAndIncrement();
        return c < REJECT_AFTER_MESSAGES ? c : -1;
    }

    long ageNanos(long now) {
        return now - createdNanos;
    }
}
