package io.throng.chat.store.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.throng.chat.store.StoredMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of the {@code NOTIFY} that says "room R is at seq N", and, when they fit, the messages
 * the transaction stored in R (N - k + 1 .. N), so that a listener holding R up to N - k appends them
 * without reading them back. The only place that knows the two formats:
 * <ul>
 *   <li>plain, {@code "N room"}: the sequence, one space, the room name as it is (a room name may hold any
 *       character but a newline, so putting it last needs no escaping);</li>
 *   <li>carrying, a JSON object (Jackson, one encoding for every field, no escaping of our own):
 *       {@code {"node":..,"room":..,"head":N,"m":[[seq,sender,cid,text,time,recipient],...]}}, written
 *       with every non-ASCII character escaped, so its length in bytes is the same in whatever encoding
 *       the server stores it: PostgreSQL refuses a payload of 8000 bytes or more, and one refused
 *       {@code pg_notify} would roll the whole batch back. A batch whose payload would pass
 *       {@value #MAX_PAYLOAD} bytes is announced plain, and its listeners read it.</li>
 * </ul>
 * A payload starting with a digit is plain, with {@code '{'} carrying; anything else is somebody
 * else's. {@code node} is the committing log's id, so a node skips the messages of its own notices
 * (it fanned them out already) without decoding them.
 */
record HeadNotice(String room, long head, String node, List<StoredMessage> messages) {
    /** The channel every node LISTENs on. */
    static final String CHANNEL = "throng_chat_heads";
    /** Under PostgreSQL's 8000 bytes, as for presence lists. */
    static final int MAX_PAYLOAD = 7_900;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    HeadNotice {
        messages = List.copyOf(messages);
    }

    /** A plain notice: the head only. */
    HeadNotice(String room, long head) {
        this(room, head, "", List.of());
    }

    /** The plain payload. */
    String payload() {
        return head + " " + room;
    }

    /**
     * The payload announcing that {@code node} stored {@code stored} (a room's new messages of one
     * transaction, consecutive sequences, the last the room's new head): carrying them if that fits
     * under {@link #MAX_PAYLOAD}, else plain.
     */
    static String payload(String node, List<StoredMessage> stored) {
        StoredMessage last = stored.getLast();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("node", node);
            g.writeStringField("room", last.room());
            g.writeNumberField("head", last.seq());
            g.writeArrayFieldStart("m");
            for (StoredMessage m : stored) {
                g.writeStartArray();
                g.writeNumber(m.seq());
                g.writeString(m.sender());
                g.writeString(m.cid());
                g.writeString(m.text());
                g.writeNumber(m.time());
                g.writeString(m.recipient());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen writing to memory", e);
        }
        return out.size() > MAX_PAYLOAD ? new HeadNotice(last.room(), last.seq()).payload()
                : out.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Parses a payload; null if it is not one of ours (someone else NOTIFYing the channel). The messages
     * of a notice from {@code self} are not decoded (empty), nor those of a damaged carrying notice that
     * still names its room and head: those are read back, as for a plain one.
     */
    static HeadNotice parse(String payload, String self) {
        if (payload == null || payload.isEmpty()) {
            return null;
        }
        return payload.charAt(0) == '{' ? parseCarrying(payload, self) : parsePlain(payload);
    }

    private static HeadNotice parsePlain(String payload) {
        int space = payload.indexOf(' ');
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

    private static HeadNotice parseCarrying(String payload, String self) {
        String node = null;
        String room = null;
        long head = 0;
        List<StoredMessage> messages = List.of();
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "node" -> node = p.getValueAsString();
                    case "room" -> room = p.getValueAsString();
                    case "head" -> head = p.getValueAsLong();
                    case "m" -> {
                        if (room == null || head < 1 || self.equals(node)) {
                            return room == null || head < 1 ? null : new HeadNotice(room, head, node, List.of());
                        }
                        messages = messages(p, room);
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            return room == null || head < 1 ? null : new HeadNotice(room, head, node == null ? "" : node, List.of());
        }
        if (room == null || head < 1) {
            return null;
        }
        if (!contiguousUpTo(messages, head)) {
            messages = List.of(); // not what a commit of ours sends: trust only the head, read the rest
        }
        return new HeadNotice(room, head, node == null ? "" : node, messages);
    }

    private static List<StoredMessage> messages(JsonParser p, String room) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("m is not an array");
        }
        List<StoredMessage> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_ARRAY) {
            long seq = next(p).getLongValue();
            String sender = string(next(p));
            String cid = string(next(p));
            String text = string(next(p));
            long time = next(p).getLongValue();
            String recipient = next(p).currentToken() == JsonToken.VALUE_NULL ? null : string(p);
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new IOException("a message has more than six fields");
            }
            out.add(new StoredMessage(room, seq, sender, cid, text, time, recipient, false));
        }
        return out;
    }

    /** The next token, which must be a value of a message's array. */
    private static JsonParser next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null || t == JsonToken.END_ARRAY || t.isStructStart()) {
            throw new IOException("a message has fewer than six fields");
        }
        return p;
    }

    private static String string(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IOException("a string field is not a string");
        }
        return p.getText();
    }

    private static boolean contiguousUpTo(List<StoredMessage> messages, long head) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).seq() != head - messages.size() + 1 + i) {
                return false;
            }
        }
        return true;
    }
}
