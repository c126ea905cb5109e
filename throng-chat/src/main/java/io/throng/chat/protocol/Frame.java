package io.throng.chat.protocol;

import io.throng.websocket.SharedText;
import java.util.Objects;

/**
 * A server message as JSON text, encoded once: a room fans the same frame out to all its members, and
 * a transport writes {@link #json} as is (a WebSocket text frame, an SSE {@code data:} line, an element
 * of a long-poll response array). A frame crosses process boundaries as its three values (the
 * {@code --workers} hop), so it carries no Java object there; a worker makes one frame per distinct
 * frame and queues that one object to all its targets.
 *
 * <p>Its WebSocket form ({@link #webSocket}) is shared the same way: the first member's socket encodes
 * the UTF-8 and the frame header, and every other member's queues the same bytes. A frame is immutable;
 * that encoding is made at most once per frame (or twice, in a race), on first use, and never by a frame
 * that only goes to SSE or long-poll clients.
 */
public final class Frame {
    private final boolean ephemeral;
    private final long ordered;
    private final SharedText webSocket;

    /**
     * @param json      the message's wire form
     * @param ephemeral presence changes: a degraded (nearly full) outbox may drop them; the next online list
     *                  repairs them
     * @param ordered   for live room messages, {@link System#nanoTime()} when the room committed it (the
     *                  start of the fan-out latency); 0 for every other frame
     */
    public Frame(String json, boolean ephemeral, long ordered) {
        this(new SharedText(json), ephemeral, ordered);
    }

    private Frame(SharedText webSocket, boolean ephemeral, long ordered) {
        this.ephemeral = ephemeral;
        this.ordered = ordered;
        this.webSocket = webSocket;
    }

    public static Frame of(ServerMessage message) {
        boolean ephemeral = message instanceof ServerMessage.Presence p && p.event() != ServerMessage.Presence.Event.ONLINE;
        return new Frame(Codec.encode(message), ephemeral, 0);
    }

    /** This frame stamped with the time its message was committed; it shares this one's WebSocket encoding. */
    public Frame ordered(long nanos) {
        return new Frame(webSocket, ephemeral, nanos);
    }

    public String json() {
        return webSocket.text();
    }

    public boolean ephemeral() {
        return ephemeral;
    }

    public long ordered() {
        return ordered;
    }

    /** The message as one WebSocket text message, shared by every socket that sends this frame. */
    public SharedText webSocket() {
        return webSocket;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.ephemeral == ephemeral && f.ordered == ordered && f.json().equals(json());
    }

    @Override
    public int hashCode() {
        return Objects.hash(json(), ephemeral, ordered);
    }

    @Override
    public String toString() {
        return "Frame[json=" + json() + ", ephemeral=" + ephemeral + ", ordered=" + ordered + "]";
    }
}
