package io.throng.chat.store;

import java.util.Objects;

/**
 * One row of a room's log. {@code seq} is 1, 2, 3... per room with no holes; {@code (room, sender,
 * cid)} is unique, which is what makes a retried send idempotent; {@code time} is epoch milliseconds.
 */
public record StoredMessage(String room, long seq, String sender, String cid, String text, long time) {
    public StoredMessage {
        Objects.requireNonNull(room);
        Objects.requireNonNull(sender);
        Objects.requireNonNull(cid);
        Objects.requireNonNull(text);
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1");
        }
    }
}
