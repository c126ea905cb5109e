package io.throng.chat.protocol;

import java.util.Locale;

/** The codes of {@link ServerMessage.Error}; on the wire they are the lower-case names. */
public enum ErrorCode {
    /** The frame is not a JSON object, or has duplicate keys. */
    BAD_JSON,
    /** The frame is larger than the server accepts. */
    FRAME_TOO_LARGE,
    /** {@code type} is missing or names no client message. */
    UNKNOWN_TYPE,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field has the wrong JSON type or an out-of-range value. */
    BAD_FIELD,
    /** {@code text} is longer than the server's limit. */
    TEXT_TOO_LONG,
    /** {@code v} is a protocol version this server does not speak. */
    UNSUPPORTED_VERSION,
    /** The nickname breaks the nickname rules. */
    BAD_NICK,
    /** The room name breaks the room-name rules, or names a room the client may not use. */
    BAD_ROOM,
    /** Anything but hello/resume before the session is established, or a second hello. */
    NOT_READY,
    /** The resume token is unknown or its session expired: send hello and rejoin. */
    UNKNOWN_SESSION,
    /** The sender spends messages faster than its token bucket refills. */
    RATE_LIMITED,
    /** Joining would exceed the rooms-per-session limit. */
    TOO_MANY_ROOMS,
    /** Saying into a room the session has not joined. */
    NOT_MEMBER,
    /** The outbox overflowed: the connection is closed; resume to catch up. */
    SLOW_CONSUMER,
    /** Another connection resumed this session; this one is closed. */
    REPLACED,
    /** The server could not store the message; it was not acknowledged and may be retried. */
    STORE_FAILED,
    /** The service is shutting down; reconnect later and resume. */
    SHUTTING_DOWN,
    /**
     * The user may not do this: read or join a private room or another user's inbox, or moderate
     * without the role. Says nothing about whether the room exists.
     */
    FORBIDDEN,
    /** The user is banned from the room (until the time in the message, if any). */
    BANNED,
    /** The user is muted in the room: posts are refused until the mute ends. */
    MUTED,
    /** {@code create} named a room that exists already (created, or used as an open room). */
    ROOM_EXISTS,
    /** {@code delete} named a sequence the room does not have, or one deleted already. */
    NO_SUCH_MESSAGE,
    /**
     * Version 2 without a valid login (no token, or an unknown, expired or revoked one), or version 1
     * on a server without {@code --insecure-nicknames}.
     */
    AUTH_REQUIRED,
    /** The login this connection ran on ended (logout, password change, revocation): log in again. */
    REVOKED;

    /** The wire name, e.g. {@code rate_limited}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code for a wire name, or {@code null}. */
    public static ErrorCode fromWire(String wire) {
        for (ErrorCode c : values()) {
            if (c.wire().equals(wire)) {
                return c;
            }
        }
        return null;
    }
}
