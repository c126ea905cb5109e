package io.throng.chat.store;

import java.util.Objects;

/**
 * One row of a room's log. {@code seq} is 1, 2, 3... per room with no holes; {@code (room, sender,
 * cid)} is unique, which is what makes a retried send idempotent; {@code time} is epoch milliseconds.
 * {@code recipient} is the other party of a direct message (null in a room); a {@code deleted}
 * message is a tombstone: its text is gone (empty), its place in the order stays.
 */
public record StoredMessage(String room, long seq, String sender, String cid, String text, long time,
                            String recipient, boolean deleted) {
    public StoredMessage {
        Objects.requireNonNull(room);
        Objects.requireNonNull(sender);
        Objects.requireNonNull(cid);
        Objects.requireNonNull(text);
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1");
        }
    }

    /** A room message (no recipient), not deleted. */
    public StoredMessage(String room, long seq, String sender, String cid, String text, long time) {
        this(room, seq, sender, cid, text, time, null, false);
    }
}
