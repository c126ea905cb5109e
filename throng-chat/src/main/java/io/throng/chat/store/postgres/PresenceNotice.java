package io.throng.chat.store.postgres;

import io.throng.chat.protocol.Names;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One part of a node's presence list for one room, as NOTIFYed on {@link #CHANNEL}, and its parsing:
 * the only place that knows the format. Space-separated words: the announcing node's id (so a node
 * skips its own), the announcement's number (increasing per node), the room, {@code part/parts}, then
 * the users present. Room names and nicknames hold no space (the protocol's name rules, checked on
 * parsing), so no escaping is needed.
 *
 * <p>PostgreSQL refuses a payload of 8000 bytes or more. A nickname is at most 24 ASCII characters,
 * so one notice carries about 300 users; a bigger list is split into parts that share the number, all
 * sent in one transaction, and the hearer ({@link PgPresence}) takes the list only once it has every
 * part: a hearer never sees half a list, so a user is never dropped because their name fell into a
 * later part.
 */
record PresenceNotice(String origin, long number, String room, int part, int parts, List<String> users) {
    /** The channel every node LISTENs on, beside {@link HeadNotice#CHANNEL} and {@link RecordNotice#CHANNEL}. */
    static final String CHANNEL = "throng_chat_presence";
    /** Bytes of one payload at most: under PostgreSQL's 8000, with room to spare. */
    static final int MAX_BYTES = 7_900;
    /** Parts of one list at most (about 300,000 users), so a damaged count cannot make a hearer wait forever. */
    static final int MAX_PARTS = 1_000;

    String payload() {
        StringBuilder b = new StringBuilder(head(origin, number, room, part, parts));
        for (String u : users) {
            b.append(' ').append(u);
        }
        return b.toString();
    }

    private static String head(String origin, long number, String room, int part, int parts) {
        return origin + " " + number + " " + room + " " + part + "/" + parts;
    }

    /** The payloads that together announce {@code users} in {@code room}: at least one, even for nobody. */
    static List<String> payloads(String origin, long number, String room, List<String> users) {
        // The widest head (the part numbers at their widest) bounds every part's.
        int budget = MAX_BYTES - head(origin, number, room, MAX_PARTS, MAX_PARTS).getBytes(StandardCharsets.UTF_8).length;
        List<List<String>> groups = new ArrayList<>();
        List<String> group = new ArrayList<>();
        int bytes = 0;
        for (String u : users) {
            int size = 1 + u.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > budget && !group.isEmpty()) {
                groups.add(group);
                group = new ArrayList<>();
                bytes = 0;
            }
            group.add(u);
            bytes += size;
        }
        groups.add(group);
        if (groups.size() > MAX_PARTS) {
            throw new IllegalArgumentException(room + ": " + users.size() + " users are more than one list carries");
        }
        List<String> out = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            out.add(new PresenceNotice(origin, number, room, i + 1, groups.size(), groups.get(i)).payload());
        }
        return out;
    }

    /** Parses a payload; null if it is not exactly one of ours (damaged, foreign, an inbox, a bad name). */
    static PresenceNotice parse(String payload) {
        String[] w = payload == null ? new String[0] : payload.split(" ", -1);
        if (w.length < 4 || w[0].isEmpty() || !Names.isPublicRoom(w[2])) {
            return null;
        }
        int slash = w[3].indexOf('/');
        try {
            long number = Long.parseLong(w[1]);
            int part = slash < 0 ? 0 : Integer.parseInt(w[3], 0, slash, 10);
            int parts = slash < 0 ? 0 : Integer.parseInt(w[3], slash + 1, w[3].length(), 10);
            if (part < 1 || part > parts || parts > MAX_PARTS) {
                return null;
            }
            List<String> users = Arrays.asList(w).subList(4, w.length);
            for (String u : users) {
                if (!Names.isNick(u)) {
                    return null;
                }
            }
            return new PresenceNotice(w[0], number, w[2], part, parts, List.copyOf(users));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
