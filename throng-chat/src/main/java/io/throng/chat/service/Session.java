package io.throng.chat.service;

import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's session: its nickname, its rooms, and the outbox of the transport connection it is
 * attached to now, if any. It outlives connections: a dropped connection detaches it, a resume
 * attaches a new one. Its mutable state is guarded by its own lock; rooms read {@link #outbox()}
 * without it (volatile), which is enough because an outbox is only ever replaced, never mutated.
 */
final class Session {
    final String token;
    final String nick;
    /** The account session (login) it was opened with, or null for a version-1 claimed nickname. */
    final String login;
    private final Set<String> rooms = new LinkedHashSet<>();
    private volatile Outbox outbox;
    private Instant detachedAt;
    private boolean absent;
    private boolean expired;

    Session(String token, String nick, String login, Instant now) {
        this.token = token;
        this.nick = nick;
        this.login = login;
        this.detachedAt = now;
    }

    /** The outbox of the attached connection, or null while detached. */
    Outbox outbox() {
        return outbox;
    }

    /** Queues a frame to the attached connection; a no-op while detached. */
    void deliver(Frame frame) {
        deliver(frame, null);
    }

    /** Like {@link #deliver(Frame)}, waking the transport at the end of a room's {@code pass} (null: now). */
    void deliver(Frame frame, Wakeups pass) {
        Outbox o = outbox;
        if (o != null) {
            o.offer(frame, pass);
        }
    }

    /**
     * Attaches a connection's outbox, closing the previous one with {@link ErrorCode#REPLACED}.
     * Returns false if the session expired (it can no longer be resumed).
     */
    boolean attach(Outbox next) {
        Outbox previous;
        synchronized (this) {
            if (expired) {
                return false;
            }
            previous = outbox;
            outbox = next;
            next.owner = nick;
            detachedAt = null;
            absent = false;
        }
        if (previous != null) {
            previous.close(ErrorCode.REPLACED);
        }
        return true;
    }

    /** Detaches {@code from} if it is still the attached outbox (a replaced one detaches nothing). */
    synchronized void detach(Outbox from, Instant now) {
        if (outbox == from && outbox != null) {
            outbox = null;
            detachedAt = now;
        }
    }

    /**
     * Its login was revoked: it can never attach again. Returns the outbox attached now (the caller
     * closes it with {@code revoked}), or null.
     */
    synchronized Outbox revoke() {
        expired = true;
        Outbox o = outbox;
        outbox = null;
        return o;
    }

    synchronized boolean isAttached() {
        return outbox != null;
    }

    /** What the sweeper must do about this session now. */
    enum Due { NOTHING, ABSENT, EXPIRE }

    /**
     * Advances the session's clock-driven state: a session detached for {@code grace} becomes absent
     * (once), one detached for {@code ttl} expires (once, and can never attach again).
     */
    synchronized Due sweep(Instant now, java.time.Duration grace, java.time.Duration ttl) {
        if (outbox != null || expired) {
            return Due.NOTHING;
        }
        if (!detachedAt.plus(ttl).isAfter(now)) {
            expired = true;
            return Due.EXPIRE;
        }
        if (!absent && !detachedAt.plus(grace).isAfter(now)) {
            absent = true;
            return Due.ABSENT;
        }
        return Due.NOTHING;
    }

    synchronized boolean isMember(String room) {
        return rooms.contains(room);
    }

    /** Adds a room; false if it would exceed {@code maxPublic} public rooms (inboxes do not count). */
    synchronized boolean addRoom(String room, boolean inbox, int maxPublic) {
        if (rooms.contains(room)) {
            return true;
        }
        if (!inbox && rooms.stream().filter(r -> !r.startsWith("@")).count() >= maxPublic) {
            return false;
        }
        rooms.add(room);
        return true;
    }

    synchronized boolean removeRoom(String room) {
        return rooms.remove(room);
    }

    synchronized List<String> rooms() {
        return List.copyOf(rooms);
    }

    @Override
    public String toString() {
        return "Session[" + nick + "]";
    }
}
