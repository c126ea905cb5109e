package io.throng.packet.tunnel;

/**
 * The sessions alive at one moment, swapped whole (the tunnel holds this in a volatile field and
 * replaces it under a lock): {@code current} sends and receives; {@code previous} still receives what
 * was in flight when a handshake replaced it; {@code next} is a session this side answered as
 * responder, which starts sending only once the initiator used it (proof it is not a replayed
 * initiation's orphan).
 */
record Sessions(Session current, Session previous, Session next) {
    static final Sessions NONE = new Sessions(null, null, null);

    /** The session whose local index is {@code index}, or null. */
    Session find(int index) {
        if (current != null && current.localIndex == index) {
            return current;
        }
        if (next != null && next.localIndex == index) {
            return next;
        }
        if (previous != null && previous.localIndex == index) {
            return previous;
        }
        return null;
    }

    /** {@code session} becomes current; the old current is kept to receive stragglers. */
    Sessions promote(Session session) {
        return new Sessions(session, current, next == session ? null : next);
    }

    /** A responder's new session waits as next. */
    Sessions offer(Session session) {
        return new Sessions(current, previous, session);
    }

    /** Without sessions older than {@code maxAgeNanos}. */
    Sessions expire(long now, long maxAgeNanos) {
        return new Sessions(young(current, now, maxAgeNanos), young(previous, now, maxAgeNanos), young(next, now, maxAgeNanos));
    }

    private static Session young(Session s, long now, long maxAgeNanos) {
        return s == null || s.ageNanos(now) > maxAgeNanos ? null : s;
    }

    boolean isEmpty() {
        return current == null && previous == null && next == null;
    }
}
