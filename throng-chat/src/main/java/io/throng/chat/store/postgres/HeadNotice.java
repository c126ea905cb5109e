package io.throng.chat.store.postgres;

/**
 * The payload of the {@code NOTIFY} that says "room R is at seq N", and its parsing: the only place
 * that knows the format. The sequence comes first, then one space, then the room name as it is (a
 * room name may hold any character but a newline, so putting it last needs no escaping).
 * PostgreSQL caps a payload at 8000 bytes, far above a room name's bound.
 */
record HeadNotice(String room, long head) {
    /** The channel every node LISTENs on. */
    static final String CHANNEL = "throng_chat_heads";

    String payload() {
        return head + " " + room;
    }

    /** Parses a payload; null if it is not one of ours (someone else NOTIFYing the channel). */
    static HeadNotice parse(String payload) {
        int space = payload == null ? -1 : payload.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        try {
            long head = Long.parseLong(payload, 0, space, 10);
            return head < 1 ? null : new HeadNotice(payload.substring(space + 1), head);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
