package io.throng.chat.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * JSON text ↔ protocol records, by hand over Jackson's tree and generator (no data binding), so that
 * every rule of docs/chat-protocol.md is a line here. {@link #decode} never throws: a bad frame
 * becomes an {@link ServerMessage.Error} to send back. Thread-safe.
 */
public final class Codec {
    /** Protocol version 1: claimed nicknames, no authentication (only with {@code --insecure-nicknames}). */
    public static final int V1 = 1;
    /** Protocol version 2: the nickname is the account of a login token. */
    public static final int V2 = 2;
    /** The version-1 constant older clients and tests use; see {@link #V1} and {@link #V2}. */
    public static final int VERSION = V1;

    /**
     * Buffers come from one shared pool: Jackson's default keeps them per thread, and every chat
     * connection has its own virtual threads, so each connection would hold its own 8 KB parse buffer.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final int maxText;
    private final int maxFrame;
    private final int maxHistory;

    /**
     * @param maxText    longest {@code text} accepted, in UTF-16 code units (JavaScript's {@code length})
     * @param maxFrame   longest frame accepted before parsing, in UTF-16 code units
     * @param maxHistory largest history {@code limit} accepted (also the default)
     */
    public Codec(int maxText, int maxFrame, int maxHistory) {
        if (maxText < 1 || maxFrame < maxText || maxHistory < 1) {
            throw new IllegalArgumentException("limits must be positive and maxFrame >= maxText");
        }
        this.maxText = maxText;
        this.maxFrame = maxFrame;
        this.maxHistory = maxHistory;
    }

    /** The result of decoding one client frame. */
    public sealed interface Decoded {
        record Ok(ClientMessage message) implements Decoded {}

        record Invalid(ServerMessage.Error error) implements Decoded {}
    }

    // ---------------------------------------------------------------- client -> server

    /** Decodes one client frame; never throws. */
    public Decoded decode(String frame) {
        if (frame.length() > maxFrame) {
            return invalid(ErrorCode.FRAME_TOO_LARGE, "frame longer than " + maxFrame + " characters", null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(frame);
        } catch (JacksonException e) {
            return invalid(ErrorCode.BAD_JSON, "not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (root == null || !root.isObject()) {
            return invalid(ErrorCode.BAD_JSON, "a frame is one JSON object", null);
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            return invalid(ErrorCode.UNKNOWN_TYPE, "a frame needs a string field \"type\"", root);
        }
        try {
            return new Decoded.Ok(switch (typeNode.textValue()) {
                case "hello" -> hello(root);
                case "resume" -> new ClientMessage.Resume(version(root), token(root), lastSeen(root), login(root));
                case "join" -> new ClientMessage.Join(room(root), optSeq(root, "after"));
                case "leave" -> new ClientMessage.Leave(room(root));
                case "say" -> new ClientMessage.Say(room(root), cid(root), text(root));
                case "dm" -> new ClientMessage.Direct(nick(root, "to"), cid(root), text(root));
                case "history" -> history(root);
                case "create" -> new ClientMessage.Create(room(root), optBoolean(root, "private"));
                case "invite" -> new ClientMessage.Invite(room(root), nick(root, "nick"));
                case "members" -> new ClientMessage.Members(room(root));
                case "role" -> new ClientMessage.SetRole(room(root), nick(root, "nick"), role(root));
                case "kick" -> new ClientMessage.Kick(room(root), nick(root, "nick"));
                case "ban" -> new ClientMessage.Sanction(ClientMessage.Kind.BAN, room(root), nick(root, "nick"),
                        optSeconds(root));
                case "mute" -> new ClientMessage.Sanction(ClientMessage.Kind.MUTE, room(root), nick(root, "nick"),
                        optSeconds(root));
                case "unban" -> new ClientMessage.Lift(ClientMessage.Kind.BAN, room(root), nick(root, "nick"));
                case "unmute" -> new ClientMessage.Lift(ClientMessage.Kind.MUTE, room(root), nick(root, "nick"));
                case "delete" -> new ClientMessage.Delete(room(root), seq(root, "seq"));
                default -> throw new Reject(ErrorCode.UNKNOWN_TYPE,
                        "unknown type \"" + typeNode.textValue() + "\"");
            });
        } catch (Reject r) {
            return invalid(r.code, r.getMessage(), root);
        }
    }

    private static Decoded invalid(ErrorCode code, String message, JsonNode root) {
        return new Decoded.Invalid(new ServerMessage.Error(code, message,
                textOrNull(root, "type"), textOrNull(root, "room"), textOrNull(root, "cid")));
    }

    private static String textOrNull(JsonNode root, String field) {
        if (root == null) {
            return null;
        }
        JsonNode n = root.get(field);
        // Echo only short well-formed values: an error must not amplify a hostile frame.
        return n != null && n.isTextual() && n.textValue().length() <= 64 ? n.textValue() : null;
    }

    private static int version(JsonNode root) {
        JsonNode n = required(root, "v");
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"v\" must be an integer");
        }
        if (n.intValue() != V1 && n.intValue() != V2) {
            throw new Reject(ErrorCode.UNSUPPORTED_VERSION,
                    "protocol version " + n.intValue() + " is not supported; this server speaks 1 and 2");
        }
        return n.intValue();
    }

    /** Version 1 claims a nickname; version 2 takes it from a login (a {@code token} here, or the transport's). */
    private static ClientMessage.Hello hello(JsonNode root) {
        int v = version(root);
        return v == V1 ? new ClientMessage.Hello(v, nick(root, "nick")) : new ClientMessage.Hello(v, null, login(root));
    }

    /** The optional login {@code token} of a version-2 hello or resume; its validity is the service's to judge. */
    private static String login(JsonNode root) {
        JsonNode n = root.get("token");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.textValue().isEmpty() || n.textValue().length() > 64) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"token\" must be a login token");
        }
        return n.textValue();
    }

    private static String nick(JsonNode root, String field) {
        String s = string(root, field);
        if (!Names.isNick(s)) {
            throw new Reject(ErrorCode.BAD_NICK, "\"" + field + "\" must be a letter then up to 23 letters, "
                    + "digits, '_' or '-'");
        }
        return s;
    }

    private static String room(JsonNode root) {
        String s = string(root, "room");
        if (!Names.isRoom(s)) {
            throw new Reject(ErrorCode.BAD_ROOM, "\"room\" must be 1-32 of a-z, 0-9, '_', '-' "
                    + "(starting with a letter or digit), or an inbox @nick");
        }
        return s;
    }

    private static String cid(JsonNode root) {
        String s = string(root, "cid");
        if (!Names.isCid(s)) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"cid\" must be 1-64 printable ASCII characters");
        }
        return s;
    }

    private static String token(JsonNode root) {
        String s = string(root, "session");
        if (s.isEmpty() || s.length() > 64) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"session\" must be a resume token");
        }
        return s;
    }

    private String text(JsonNode root) {
        String s = string(root, "text");
        if (s.isEmpty()) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"text\" must not be empty");
        }
        if (s.length() > maxText) {
            throw new Reject(ErrorCode.TEXT_TOO_LONG, "\"text\" is " + s.length()
                    + " characters; the limit is " + maxText);
        }
        return s;
    }

    private static Map<String, Long> lastSeen(JsonNode root) {
        JsonNode n = root.get("last");
        if (n == null) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"last\" must be an object of room: sequence");
        }
        if (n.size() > 1024) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"last\" lists too many rooms");
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!Names.isRoom(e.getKey())) {
                throw new Reject(ErrorCode.BAD_ROOM, "\"last\" names an invalid room");
            }
            out.put(e.getKey(), seqValue(e.getValue(), "last." + e.getKey()));
        }
        return out;
    }

    private ClientMessage history(JsonNode root) {
        String room = room(root);
        OptionalLong before = optSeq(root, "before");
        OptionalLong after = optSeq(root, "after");
        if (before.isPresent() && after.isPresent()) {
            throw new Reject(ErrorCode.BAD_FIELD, "give \"before\" or \"after\", not both");
        }
        int limit = maxHistory;
        JsonNode n = root.get("limit");
        if (n != null) {
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1
                    || n.intValue() > maxHistory) {
                throw new Reject(ErrorCode.BAD_FIELD, "\"limit\" must be an integer from 1 to " + maxHistory);
            }
            limit = n.intValue();
        }
        return new ClientMessage.History(room, before, after, limit);
    }

    private static boolean optBoolean(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"" + field + "\" must be true or false");
        }
        return n.booleanValue();
    }

    private static Role role(JsonNode root) {
        Role r = Role.fromWire(string(root, "role"));
        if (r == null || r == Role.OWNER) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"role\" must be \"moderator\" or \"member\"");
        }
        return r;
    }

    /** A sanction's length: 1 second to 10 years; absent means no expiry. */
    private static OptionalLong optSeconds(JsonNode root) {
        JsonNode n = root.get("seconds");
        if (n == null) {
            return OptionalLong.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1 || n.longValue() > 315_360_000L) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"seconds\" must be an integer from 1 to 315360000");
        }
        return OptionalLong.of(n.longValue());
    }

    private static long seq(JsonNode root, String field) {
        long v = seqValue(required(root, field), field);
        if (v < 1) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"" + field + "\" must be a sequence number (integer >= 1)");
        }
        return v;
    }

    private static OptionalLong optSeq(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null ? OptionalLong.empty() : OptionalLong.of(seqValue(n, field));
    }

    private static long seqValue(JsonNode n, String field) {
        // 2^53 - 1: the largest integer a JavaScript client holds exactly.
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0
                || n.longValue() > 9007199254740991L) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"" + field + "\" must be a sequence number (integer >= 0)");
        }
        return n.longValue();
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new Reject(ErrorCode.MISSING_FIELD, "missing field \"" + field + "\"");
        }
        return n;
    }

    private static String string(JsonNode root, String field) {
        JsonNode n = required(root, field);
        if (!n.isTextual()) {
            throw new Reject(ErrorCode.BAD_FIELD, "\"" + field + "\" must be a string");
        }
        return n.textValue();
    }

    /** A decoding failure; never leaves this class. No stack trace: hostile input is routine. */
    private static final class Reject extends RuntimeException {
        final ErrorCode code;

        Reject(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    // ---------------------------------------------------------------- server -> client

    /** Encodes a server message as one JSON text. */
    public static String encode(ServerMessage m) {
        return write(g -> {
            switch (m) {
                case ServerMessage.Welcome w -> {
                    g.writeStringField("type", "welcome");
                    g.writeNumberField("v", w.version());
                    g.writeStringField("session", w.session());
                    g.writeStringField("nick", w.nick());
                    g.writeBooleanField("resumed", w.resumed());
                    g.writeObjectFieldStart("limits");
                    g.writeNumberField("maxText", w.limits().maxText());
                    g.writeNumberField("perSecond", w.limits().perSecond());
                    g.writeNumberField("burst", w.limits().burst());
                    g.writeNumberField("maxRooms", w.limits().maxRooms());
                    g.writeNumberField("maxHistory", w.limits().maxHistory());
                    g.writeEndObject();
                }
                case ServerMessage.Message msg -> {
                    g.writeStringField("type", "message");
                    messageFields(g, msg);
                }
                case ServerMessage.Ack a -> {
                    g.writeStringField("type", "ack");
                    g.writeStringField("room", a.room());
                    g.writeStringField("cid", a.cid());
                    g.writeNumberField("seq", a.seq());
                }
                case ServerMessage.Presence p -> {
                    g.writeStringField("type", "presence");
                    g.writeStringField("room", p.room());
                    g.writeStringField("event", p.event().name().toLowerCase(java.util.Locale.ROOT));
                    if (p.nick() != null) {
                        g.writeStringField("nick", p.nick());
                    }
                    if (p.online() != null) {
                        g.writeArrayFieldStart("online");
                        for (String nick : p.online()) {
                            g.writeString(nick);
                        }
                        g.writeEndArray();
                    }
                }
                case ServerMessage.HistoryPage h -> {
                    g.writeStringField("type", "history");
                    g.writeStringField("room", h.room());
                    g.writeArrayFieldStart("messages");
                    for (ServerMessage.Message msg : h.messages()) {
                        g.writeStartObject();
                        messageFields(g, msg);
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeBooleanField("more", h.more());
                }
                case ServerMessage.Gap gap -> {
                    g.writeStringField("type", "gap");
                    g.writeStringField("room", gap.room());
                    g.writeNumberField("after", gap.after());
                    g.writeNumberField("upto", gap.upto());
                    g.writeStringField("reason", gap.reason());
                }
                case ServerMessage.Members ms -> {
                    g.writeStringField("type", "members");
                    g.writeStringField("room", ms.room());
                    g.writeBooleanField("private", ms.isPrivate());
                    g.writeArrayFieldStart("members");
                    for (ServerMessage.Member mb : ms.members()) {
                        g.writeStartObject();
                        g.writeStringField("nick", mb.nick());
                        g.writeStringField("role", mb.role().wire());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                case ServerMessage.Tombstone t -> {
                    g.writeStringField("type", "tombstone");
                    g.writeStringField("room", t.room());
                    g.writeNumberField("seq", t.seq());
                    g.writeStringField("by", t.by());
                }
                case ServerMessage.Removed rm -> {
                    g.writeStringField("type", "removed");
                    g.writeStringField("room", rm.room());
                    g.writeStringField("reason", rm.reason());
                    g.writeStringField("by", rm.by());
                    if (rm.until() != null) {
                        g.writeNumberField("until", rm.until());
                    }
                }
                case ServerMessage.Invited iv -> {
                    g.writeStringField("type", "invited");
                    g.writeStringField("room", iv.room());
                    g.writeStringField("by", iv.by());
                }
                case ServerMessage.Error e -> {
                    g.writeStringField("type", "error");
                    g.writeStringField("code", e.code().wire());
                    g.writeStringField("message", e.message());
                    optional(g, "re", e.re());
                    optional(g, "room", e.room());
                    optional(g, "cid", e.cid());
                }
            }
        });
    }

    private static void messageFields(JsonGenerator g, ServerMessage.Message m) throws IOException {
        g.writeStringField("room", m.room());
        g.writeNumberField("seq", m.seq());
        g.writeStringField("from", m.from());
        g.writeStringField("text", m.text());
        g.writeNumberField("time", m.time());
        optional(g, "cid", m.cid());
        optional(g, "to", m.to());
        if (m.deleted()) {
            g.writeBooleanField("deleted", true);
        }
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- the client's side (tests, tools)

    /** Encodes a client message, as a client would. */
    public static String encode(ClientMessage m) {
        return write(g -> {
            switch (m) {
                case ClientMessage.Hello h -> {
                    g.writeStringField("type", "hello");
                    g.writeNumberField("v", h.version());
                    if (h.nick() != null) {
                        g.writeStringField("nick", h.nick());
                    }
                    if (h.token() != null) {
                        g.writeStringField("token", h.token());
                    }
                }
                case ClientMessage.Resume r -> {
                    g.writeStringField("type", "resume");
                    g.writeNumberField("v", r.version());
                    g.writeStringField("session", r.session());
                    g.writeObjectFieldStart("last");
                    for (Map.Entry<String, Long> e : r.lastSeen().entrySet()) {
                        g.writeNumberField(e.getKey(), e.getValue());
                    }
                    g.writeEndObject();
                    if (r.token() != null) {
                        g.writeStringField("token", r.token());
                    }
                }
                case ClientMessage.Join j -> {
                    g.writeStringField("type", "join");
                    g.writeStringField("room", j.room());
                    if (j.after().isPresent()) {
                        g.writeNumberField("after", j.after().getAsLong());
                    }
                }
                case ClientMessage.Leave l -> {
                    g.writeStringField("type", "leave");
                    g.writeStringField("room", l.room());
                }
                case ClientMessage.Say s -> {
                    g.writeStringField("type", "say");
                    g.writeStringField("room", s.room());
                    g.writeStringField("cid", s.cid());
                    g.writeStringField("text", s.text());
                }
                case ClientMessage.Direct d -> {
                    g.writeStringField("type", "dm");
                    g.writeStringField("to", d.to());
                    g.writeStringField("cid", d.cid());
                    g.writeStringField("text", d.text());
                }
                case ClientMessage.History h -> {
                    g.writeStringField("type", "history");
                    g.writeStringField("room", h.room());
                    if (h.before().isPresent()) {
                        g.writeNumberField("before", h.before().getAsLong());
                    }
                    if (h.after().isPresent()) {
                        g.writeNumberField("after", h.after().getAsLong());
                    }
                    g.writeNumberField("limit", h.limit());
                }
                case ClientMessage.Create c -> {
                    g.writeStringField("type", "create");
                    g.writeStringField("room", c.room());
                    g.writeBooleanField("private", c.isPrivate());
                }
                case ClientMessage.Invite i -> roomAndNick(g, "invite", i.room(), i.nick());
                case ClientMessage.Members ms -> {
                    g.writeStringField("type", "members");
                    g.writeStringField("room", ms.room());
                }
                case ClientMessage.SetRole sr -> {
                    roomAndNick(g, "role", sr.room(), sr.nick());
                    g.writeStringField("role", sr.role().wire());
                }
                case ClientMessage.Kick k -> roomAndNick(g, "kick", k.room(), k.nick());
                case ClientMessage.Sanction sn -> {
                    roomAndNick(g, sn.kind() == ClientMessage.Kind.BAN ? "ban" : "mute", sn.room(), sn.nick());
                    if (sn.seconds().isPresent()) {
                        g.writeNumberField("seconds", sn.seconds().getAsLong());
                    }
                }
                case ClientMessage.Lift l -> roomAndNick(g, l.kind() == ClientMessage.Kind.BAN ? "unban" : "unmute",
                        l.room(), l.nick());
                case ClientMessage.Delete d -> {
                    g.writeStringField("type", "delete");
                    g.writeStringField("room", d.room());
                    g.writeNumberField("seq", d.seq());
                }
            }
        });
    }

    private static void roomAndNick(JsonGenerator g, String type, String room, String nick) throws IOException {
        g.writeStringField("type", type);
        g.writeStringField("room", room);
        g.writeStringField("nick", nick);
    }

    /**
     * Decodes a server frame, as a client would. Throws {@link IllegalArgumentException} on anything
     * malformed: a client talking to a broken server has nothing better to do.
     */
    public static ServerMessage decodeServer(String frame) {
        JsonNode r;
        try {
            r = MAPPER.readTree(frame);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("bad server frame: " + e.getOriginalMessage(), e);
        }
        if (r == null || !r.isObject()) {
            throw new IllegalArgumentException("a server frame is one JSON object");
        }
        String type = s(r, "type");
        return switch (type) {
            case "welcome" -> {
                JsonNode l = r.path("limits");
                yield new ServerMessage.Welcome(r.path("v").asInt(), s(r, "session"), s(r, "nick"),
                        r.path("resumed").asBoolean(), new ServerMessage.Limits(l.path("maxText").asInt(),
                        l.path("perSecond").asDouble(), l.path("burst").asInt(), l.path("maxRooms").asInt(),
                        l.path("maxHistory").asInt()));
            }
            case "message" -> message(r);
            case "ack" -> new ServerMessage.Ack(s(r, "room"), s(r, "cid"), r.path("seq").asLong());
            case "presence" -> {
                var event = ServerMessage.Presence.Event.valueOf(s(r, "event").toUpperCase(java.util.Locale.ROOT));
                List<String> online = null;
                if (r.has("online")) {
                    online = new ArrayList<>();
                    for (JsonNode n : r.get("online")) {
                        online.add(n.asText());
                    }
                }
                yield new ServerMessage.Presence(s(r, "room"), event, r.path("nick").textValue(), online);
            }
            case "history" -> {
                List<ServerMessage.Message> msgs = new ArrayList<>();
                for (JsonNode n : r.path("messages")) {
                    msgs.add(message(n));
                }
                yield new ServerMessage.HistoryPage(s(r, "room"), msgs, r.path("more").asBoolean());
            }
            case "gap" -> new ServerMessage.Gap(s(r, "room"), r.path("after").asLong(), r.path("upto").asLong(),
                    s(r, "reason"));
            case "members" -> {
                List<ServerMessage.Member> ms = new ArrayList<>();
                for (JsonNode n : r.path("members")) {
                    Role role = Role.fromWire(s(n, "role"));
                    if (role == null) {
                        throw new IllegalArgumentException("unknown role " + n.get("role"));
                    }
                    ms.add(new ServerMessage.Member(s(n, "nick"), role));
                }
                yield new ServerMessage.Members(s(r, "room"), r.path("private").asBoolean(), ms);
            }
            case "tombstone" -> new ServerMessage.Tombstone(s(r, "room"), r.path("seq").asLong(), s(r, "by"));
            case "removed" -> new ServerMessage.Removed(s(r, "room"), s(r, "reason"), s(r, "by"),
                    r.has("until") ? r.get("until").asLong() : null);
            case "invited" -> new ServerMessage.Invited(s(r, "room"), s(r, "by"));
            case "error" -> {
                ErrorCode code = ErrorCode.fromWire(s(r, "code"));
                if (code == null) {
                    throw new IllegalArgumentException("unknown error code " + r.get("code"));
                }
                yield new ServerMessage.Error(code, s(r, "message"), r.path("re").textValue(),
                        r.path("room").textValue(), r.path("cid").textValue());
            }
            default -> throw new IllegalArgumentException("unknown server message type " + type);
        };
    }

    private static ServerMessage.Message message(JsonNode r) {
        return new ServerMessage.Message(s(r, "room"), r.path("seq").asLong(), s(r, "from"), s(r, "text"),
                r.path("time").asLong(), r.path("cid").textValue(), r.path("to").textValue(),
                r.path("deleted").asBoolean(false));
    }

    private static String s(JsonNode r, String field) {
        JsonNode n = r.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("server frame lacks string \"" + field + "\"");
        }
        return n.textValue();
    }
}
