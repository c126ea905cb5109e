package io.throng.chat.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/** What a client sends. Every value here passed {@link Codec#decode}: names and sizes are valid. */
public sealed interface ClientMessage {

    /**
     * Opens a new session. Version 1: under the claimed {@code nick} (servers with
     * {@code --insecure-nicknames} only). Version 2: as the account of the login {@code token}, or of the
     * transport's cookie or bearer token when {@code token} is null; {@code nick} is null.
     */
    record Hello(int version, String nick, String token) implements ClientMessage {
        public Hello {
            if (version == Codec.V1) {
                Objects.requireNonNull(nick);
            }
        }

        /** Version 1: a claimed nickname. */
        public Hello(int version, String nick) {
            this(version, nick, null);
        }

        /** Version 2 with the login token in the frame. */
        public static Hello withToken(String token) {
            return new Hello(Codec.V2, null, token);
        }

        @Override
        public String toString() {
            return "Hello[v=" + version + ", nick=" + nick + "]"; // never the token
        }
    }

    /**
     * Re-attaches an existing session (after a dropped connection) and asks for every message after
     * {@code lastSeen.get(room)} in each of the session's rooms; rooms not listed count as 0. In
     * version 2 the session must belong to the same login as the one that opened it ({@code token},
     * or the transport's).
     */
    record Resume(int version, String session, Map<String, Long> lastSeen, String token) implements ClientMessage {
        public Resume {
            Objects.requireNonNull(session);
            lastSeen = Map.copyOf(lastSeen);
        }

        public Resume(int version, String session, Map<String, Long> lastSeen) {
            this(version, session, lastSeen, null);
        }

        @Override
        public String toString() {
            return "Resume[v=" + version + ", last=" + lastSeen + "]"; // never the tokens
        }
    }

    /** Joins a room; with {@code after}, also replays the room's messages after that sequence. */
    record Join(String room, OptionalLong after) implements ClientMessage {
        public Join {
            Objects.requireNonNull(room);
            Objects.requireNonNull(after);
        }
    }

    /** Leaves a room. */
    record Leave(String room) implements ClientMessage {
        public Leave {
            Objects.requireNonNull(room);
        }
    }

    /** Posts {@code text} to a joined room; {@code cid} makes retries idempotent. */
    record Say(String room, String cid, String text) implements ClientMessage {
        public Say {
            Objects.requireNonNull(room);
            Objects.requireNonNull(cid);
            Objects.requireNonNull(text);
        }
    }

    /** Sends {@code text} to one user's inbox room {@code @to}; {@code cid} makes retries idempotent. */
    record Direct(String to, String cid, String text) implements ClientMessage {
        public Direct {
            Objects.requireNonNull(to);
            Objects.requireNonNull(cid);
            Objects.requireNonNull(text);
        }
    }

    /**
     * Asks for stored messages: with {@code before}, the newest {@code limit} below it; with
     * {@code after}, the oldest {@code limit} above it; with neither, the newest {@code limit}.
     * At most one of the two is present.
     */
    record History(String room, OptionalLong before, OptionalLong after, int limit) implements ClientMessage {
        public History {
            Objects.requireNonNull(room);
            if (before.isPresent() && after.isPresent()) {
                throw new IllegalArgumentException("before and after are exclusive");
            }
        }
    }

    /** Creates a room owned by the sender; a private one is invite-only. */
    record Create(String room, boolean isPrivate) implements ClientMessage {
        public Create {
            Objects.requireNonNull(room);
        }
    }

    /** Adds {@code nick} to a room's members (for a private room: lets them join and read it). */
    record Invite(String room, String nick) implements ClientMessage {
        public Invite {
            Objects.requireNonNull(room);
            Objects.requireNonNull(nick);
        }
    }

    /** Asks for a room's member list with roles. */
    record Members(String room) implements ClientMessage {
        public Members {
            Objects.requireNonNull(room);
        }
    }

    /** The owner makes {@code nick} a moderator or a plain member. */
    record SetRole(String room, String nick, Role role) implements ClientMessage {
        public SetRole {
            Objects.requireNonNull(room);
            Objects.requireNonNull(nick);
            Objects.requireNonNull(role);
        }
    }

    /** Removes {@code nick} from a room now (and from a private room's members); they may be re-invited. */
    record Kick(String room, String nick) implements ClientMessage {
        public Kick {
            Objects.requireNonNull(room);
            Objects.requireNonNull(nick);
        }
    }

    /** What a moderator can impose: a ban (out, and cannot come back) or a mute (cannot post). */
    enum Kind { BAN, MUTE }

    /** Bans or mutes {@code nick} in a room for {@code seconds}, or with no expiry when absent. */
    record Sanction(Kind kind, String room, String nick, OptionalLong seconds) implements ClientMessage {
        public Sanction {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(room);
            Objects.requireNonNull(nick);
            Objects.requireNonNull(seconds);
        }
    }

    /** Lifts a ban or a mute before it expires. */
    record Lift(Kind kind, String room, String nick) implements ClientMessage {
        public Lift {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(room);
            Objects.requireNonNull(nick);
        }
    }

    /** Deletes message {@code seq} of a room: history keeps a tombstone, members drop it live. */
    record Delete(String room, long seq) implements ClientMessage {
        public Delete {
            Objects.requireNonNull(room);
        }
    }
}
