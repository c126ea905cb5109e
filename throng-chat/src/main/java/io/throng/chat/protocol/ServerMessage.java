package io.throng.chat.protocol;

import java.util.List;
import java.util.Objects;

/** What the server sends. */
public sealed interface ServerMessage {

    /** Answers hello or resume: the session exists and {@code session} is its resume token. */
    record Welcome(int version, String session, String nick, boolean resumed, Limits limits)
            implements ServerMessage {
        public Welcome {
            Objects.requireNonNull(session);
            Objects.requireNonNull(nick);
            Objects.requireNonNull(limits);
        }
    }

    /** The limits a client should respect to avoid errors. */
    record Limits(int maxText, double perSecond, int burst, int maxRooms, int maxHistory) {}

    /**
     * A stored message of a room. {@code cid} is the client message id when it goes to its sender's
     * own sessions (so the sender can match it with its pending send), otherwise {@code null}.
     * {@code to} names the recipient of a direct message (in either party's inbox), else null. A
     * {@code deleted} message is a moderator's tombstone: empty text, same place in the order.
     */
    record Message(String room, long seq, String from, String text, long time, String cid, String to,
                   boolean deleted) implements ServerMessage {
        public Message {
            Objects.requireNonNull(room);
            Objects.requireNonNull(from);
            Objects.requireNonNull(text);
        }

        /** A room message, not deleted. */
        public Message(String room, long seq, String from, String text, long time, String cid) {
            this(room, seq, from, text, time, cid, null, false);
        }

        /** The same message as its sender sees it, or as anyone else sees it with {@code null}. */
        public Message withCid(String cid) {
            return new Message(room, seq, from, text, time, cid, to, deleted);
        }
    }

    /** The message the client sent with {@code cid} is durably stored as {@code seq} in {@code room}. */
    record Ack(String room, String cid, long seq) implements ServerMessage {
        public Ack {
            Objects.requireNonNull(room);
            Objects.requireNonNull(cid);
        }
    }

    /** Who is in a room: someone came, someone went, or the full list (sent on join and resume). */
    record Presence(String room, Event event, String nick, List<String> online) implements ServerMessage {
        public enum Event { JOINED, LEFT, ONLINE }

        public Presence {
            Objects.requireNonNull(room);
            Objects.requireNonNull(event);
            if (event == Event.ONLINE) {
                online = List.copyOf(online);
                if (nick != null) {
                    throw new IllegalArgumentException("an online list has no nick");
                }
            } else {
                Objects.requireNonNull(nick);
                if (online != null) {
                    throw new IllegalArgumentException("joined/left carry no list");
                }
            }
        }

        public static Presence joined(String room, String nick) {
            return new Presence(room, Event.JOINED, nick, null);
        }

        public static Presence left(String room, String nick) {
            return new Presence(room, Event.LEFT, nick, null);
        }

        public static Presence online(String room, List<String> online) {
            return new Presence(room, Event.ONLINE, null, online);
        }
    }

    /** Answers a history request: messages in ascending sequence; {@code more} if the page was cut. */
    record HistoryPage(String room, List<Message> messages, boolean more) implements ServerMessage {
        public HistoryPage {
            Objects.requireNonNull(room);
            messages = List.copyOf(messages);
        }
    }

    /**
     * The server will not replay messages {@code after+1 .. upto} of {@code room}: fetch them with
     * history. Live messages continue from {@code upto+1}. {@code reason} is {@code window} (more
     * missed messages than the replay window) or {@code ahead} (the client claims a sequence the room
     * has not reached, e.g. after a server reset: refetch from {@code upto}).
     */
    record Gap(String room, long after, long upto, String reason) implements ServerMessage {
        public Gap {
            Objects.requireNonNull(room);
            Objects.requireNonNull(reason);
        }
    }

    /**
     * A request failed. {@code re} is the request's type when known; {@code room} and {@code cid}
     * repeat the request's fields when it had them, so a client can match the failure.
     */
    record Error(ErrorCode code, String message, String re, String room, String cid) implements ServerMessage {
        public Error {
            Objects.requireNonNull(code);
            Objects.requireNonNull(message);
        }

        public static Error of(ErrorCode code, String message) {
            return new Error(code, message, null, null, null);
        }
    }

    /** One member of a room and its role. */
    record Member(String nick, Role role) {
        public Member {
            Objects.requireNonNull(nick);
            Objects.requireNonNull(role);
        }
    }

    /** A room's member list (sorted by nick), answering members, create, invite, role and the sanctions. */
    record Members(String room, boolean isPrivate, List<Member> members) implements ServerMessage {
        public Members {
            Objects.requireNonNull(room);
            members = List.copyOf(members);
        }
    }

    /** Message {@code seq} of {@code room} was deleted by {@code by}: drop it from view. */
    record Tombstone(String room, long seq, String by) implements ServerMessage {
        public Tombstone {
            Objects.requireNonNull(room);
            Objects.requireNonNull(by);
        }
    }

    /**
     * This user is out of {@code room}: {@code reason} is {@code kicked} or {@code banned} ({@code until}
     * epoch milliseconds, or null for no expiry). Nothing more of the room arrives.
     */
    record Removed(String room, String reason, String by, Long until) implements ServerMessage {
        public Removed {
            Objects.requireNonNull(room);
            Objects.requireNonNull(reason);
            Objects.requireNonNull(by);
        }
    }

    /** {@code by} invited this user into {@code room}, which it may now join. */
    record Invited(String room, String by) implements ServerMessage {
        public Invited {
            Objects.requireNonNull(room);
            Objects.requireNonNull(by);
        }
    }
}
