package io.throng.chat.store.postgres;

import io.throng.chat.store.RoomRecords.Change;

/**
 * The payload of the {@code NOTIFY} that tells other nodes a room's records changed, and its parsing:
 * the only place that knows the format. Space-separated words: the announcing node's id (so a node
 * skips its own), the kind, the room, then the kind's fields. Room names, nicknames and reasons never
 * hold a space (the protocol's name rules), so no escaping is needed.
 */
record RecordNotice(String origin, Change change) {
    /** The channel every node LISTENs on, beside {@link HeadNotice#CHANNEL}. */
    static final String CHANNEL = "throng_chat_records";

    String payload() {
        return origin + " " + switch (change) {
            case Change.Reload r -> "reload " + r.room();
            case Change.Expelled e -> "expel " + e.room() + " " + e.user() + " " + e.reason() + " " + e.by() + " "
                    + (e.until() == null ? "-" : e.until().toString());
            case Change.Deleted d -> "delete " + d.room() + " " + d.seq() + " " + d.by();
            case Change.Everything x -> throw new IllegalArgumentException("never announced");
        };
    }

    /** Parses a payload; null if it is not one of ours. */
    static RecordNotice parse(String payload) {
        String[] w = payload == null ? new String[0] : payload.split(" ", -1);
        try {
            Change c = w.length < 3 ? null : switch (w[1]) {
                case "reload" -> w.length == 3 ? new Change.Reload(w[2]) : null;
                case "expel" -> w.length == 7
                        ? new Change.Expelled(w[2], w[3], w[4], w[5], w[6].equals("-") ? null : Long.valueOf(w[6]))
                        : null;
                case "delete" -> w.length == 5 ? new Change.Deleted(w[2], Long.parseLong(w[3]), w[4]) : null;
                default -> null;
            };
            return c == null ? null : new RecordNotice(w[0], c);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
