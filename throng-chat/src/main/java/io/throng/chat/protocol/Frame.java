package io.throng.chat.protocol;

import java.util.Objects;

/**
 * A server message with its JSON text, encoded once: a room fans the same frame out to all its
 * members, and a transport writes {@link #json} as is (a WebSocket text frame, an SSE {@code data:}
 * line, an element of a long-poll response array).
 */
public record Frame(ServerMessage message, String json) {
    public Frame {
        Objects.requireNonNull(message);
        Objects.requireNonNull(json);
    }

    public static Frame of(ServerMessage message) {
        return new Frame(message, Codec.encode(message));
    }

    /** Presence is ephemeral: a degraded (nearly full) outbox may drop it; the next online list repairs it. */
    public boolean ephemeral() {
        return message instanceof ServerMessage.Presence p && p.event() != ServerMessage.Presence.Event.ONLINE;
    }
}
