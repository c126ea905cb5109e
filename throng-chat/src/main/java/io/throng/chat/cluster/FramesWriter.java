package io.throng.chat.cluster;

import io.throng.chat.protocol.Frame;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * One worker's next {@code frames} message as the room service's publisher builds it
 * (docs/chat-protocol.md §8.2): every distinct frame once (BODIES), then, per connection, the numbers
 * of its frames in the order its outbox gave them (TARGETS). A room fans one {@link Frame} object out to
 * all its members, so a message to a room of 300 members costs the worker one copy of its JSON, not one
 * per member: that copy per member was most of the link's bytes, of the publisher's appends and of the
 * worker's parsing. Frames are told apart by identity, which is exact and costs no comparison of JSON.
 * Publisher thread only.
 */
final class FramesWriter {
    private final StringBuilder bodies = new StringBuilder(8192);
    private final StringBuilder targets = new StringBuilder(1024);
    private final IdentityHashMap<Frame, Integer> numbers = new IdentityHashMap<>();
    /** The connection whose TARGETS line is open (its frames go on it), or null. */
    private String open;
    private int deliveries;

    /** Adds {@code frame} for connection {@code conn}, after everything added for it before. */
    void add(String conn, Frame frame) {
        Integer n = numbers.get(frame);
        if (n == null) {
            n = numbers.size();
            numbers.put(frame, n);
            LinkProtocol.appendBody(bodies, frame).append('\n');
        }
        if (!conn.equals(open)) {
            endLine();
            targets.append(conn);
            open = conn;
        }
        targets.append(' ').append(n.intValue());
        deliveries++;
    }

    private void endLine() {
        if (open != null) {
            targets.append('\n');
            open = null;
        }
    }

    boolean isEmpty() {
        return deliveries == 0;
    }

    /** Characters so far: the publisher sends the message once it passes {@link LinkProtocol#FRAMES_CHARS}. */
    int chars() {
        return bodies.length() + targets.length();
    }

    /** Frames added (one per connection each went to). */
    int deliveries() {
        return deliveries;
    }

    /** Characters of BODIES so far (each distinct frame's line). */
    int bodyChars() {
        return bodies.length();
    }

    /** Distinct frames added. */
    int bodies() {
        return numbers.size();
    }

    /** The message's parts after the sequence number ({@code frames BODIES TARGETS}); then starts empty again. */
    List<String> take() {
        endLine();
        List<String> parts = List.of(LinkProtocol.FRAMES, bodies.toString(), targets.toString());
        bodies.setLength(0);
        targets.setLength(0);
        numbers.clear();
        deliveries = 0;
        return parts;
    }
}
