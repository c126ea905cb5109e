package io.throng.chat.protocol;

import java.util.Objects;

/**
 * A server message as JSON text, encoded once: a room fans the same frame out to all its members, and
 * a transport writes {@link #json} as is (a WebSocket text frame, an SSE {@code data:} line, an element
 * of a long-poll response array). A frame crosses process boundaries as these three fields (the
 * {@code --workers} hop), so it carries no Java object.
 *
 * @param json      the message's wire form
 * @param ephemeral presence changes: a degraded (nearly full) outbox may drop them; the next online list
 *                  repairs them
 * @param ordered   for live room messages, {@link System#nanoTime()} when the room committed it (the
 *                  start of the fan-out latency); 0 for every other frame
 */
public record Frame(String json, boolean ephemeral, long ordered) {
    public Frame {
        Objects.requireNonNull(json);
    }

    public static Frame of(ServerMessage message) {
        boolean ephemeral = message instanceof ServerMessage.Presence p && p.event() != ServerMessage.Presence.Event.ONLINE;
        return new Frame(Codec.encode(message), ephemeral, 0);
    }

    /** This frame stamped with the time its message was committed. */
    public Frame ordered(long nanos) {
        return new Frame(json, ephemeral, nanos);
    }
}
