package io.throng.mongrel.wire;

import io.throng.net.codec.TNetstring;
import io.throng.net.codec.TNetstrings;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes and decodes the two Mongrel2 messages, byte for byte:
 *
 * <pre>
 * server  → handler: UUID SP ID SP PATH SP SIZE:HEADERS, SIZE:BODY,     (headers: JSON netstring or tnetstring dict)
 * handler → server : UUID SP SIZE:ID ID ..., SP BODY                    (ids prefixed by "X " for a {@link Control})
 * </pre>
 *
 * Each message is one ZeroMQ frame. Decoding checks every size against the bytes actually present and
 * throws {@link WireFormatException} with the offset of the first wrong byte.
 */
public final class MessageCodec {

    /** The path of disconnect and credits notices. */
    public static final String NOTICE_PATH = "@*";

    private static final JsonFactory JSON_FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON_FACTORY);
    private static final byte[] DISCONNECT_BODY = ascii("{\"type\":\"disconnect\"}");
    private static final byte[] CREDITS_BODY = ascii("{\"type\":\"credits\"}");
    private static final int MAX_ID_DIGITS = 18;

    private MessageCodec() {}

    // ---------------------------------------------------------------- server → handler

    public static byte[] encode(Inbound message) {
        return switch (message) {
            case Request r -> encodeRequest(r.sender(), r.connectionId(), r.path(), r.headers(), r.body(), r.format());
            case Disconnect d -> encodeRequest(d.sender(), d.connectionId(), NOTICE_PATH,
                    Headers.builder().add("METHOD", "JSON").build(), DISCONNECT_BODY, d.format());
            case Credits c -> encodeRequest(c.sender(), c.connectionId(), NOTICE_PATH,
                    Headers.builder().add("METHOD", "JSON").add("DOWNLOAD_CREDITS", Long.toString(c.credits())).build(),
                    CREDITS_BODY, c.format());
        };
    }

    static byte[] encodeRequest(String sender, long id, String path, Headers headers, byte[] body,
                                        HeaderFormat format) {
        if (format == HeaderFormat.JSON) {
            // One writer of the JSON form: the gateway's per-request encoder, fed the headers in order.
            RequestEncoder json = new RequestEncoder(format);
            headers.entries().forEach((name, values) -> values.forEach(value -> json.add(name, value)));
            return json.encode(sender, id, path, body);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
        out.writeBytes(utf8(sender));
        out.write(' ');
        out.writeBytes(ascii(Long.toString(id)));
        out.write(' ');
        out.writeBytes(utf8(path));
        out.write(' ');
        TNetstrings.encode(tnetstringHeaders(headers), out);
        TNetstrings.element(body, ',', out);
        return out.toByteArray();
    }

    public static Inbound decodeInbound(byte[] data) {
        int s1 = space(data, 0, "sender");
        int s2 = space(data, s1 + 1, "connection id");
        int s3 = space(data, s2 + 1, "path");
        String sender = text(data, 0, s1);
        long id = decimal(data, s1 + 1, s2, "connection id");
        String path = text(data, s2 + 1, s3);

        TNetstrings.Parsed head = TNetstrings.parse(data, s3 + 1, data.length);
        HeaderFormat format;
        Headers headers;
        switch (head.value()) {
            case TNetstring.Bytes json -> {
                format = HeaderFormat.JSON;
                headers = headersFromJson(json.value(), s3 + 1);
            }
            case TNetstring.Dict dict -> {
                format = HeaderFormat.TNETSTRING;
                headers = headersFromDict(dict, s3 + 1);
            }
            default -> throw new WireFormatException("headers must be a JSON netstring or a tnetstring dict", s3 + 1);
        }
        if (head.next() >= data.length) {
            throw new WireFormatException("message ends before the body", head.next());
        }
        TNetstrings.Span body = TNetstrings.span(data, head.next(), data.length);
        if (data[body.end()] != ',') {
            throw new WireFormatException("body must be a netstring ending in ','", body.end());
        }
        if (body.end() + 1 != data.length) {
            throw new WireFormatException("trailing bytes after the body", body.end() + 1);
        }
        byte[] payload = Arrays.copyOfRange(data, body.start(), body.end());
        if (NOTICE_PATH.equals(path) && "JSON".equals(headers.get("METHOD", ""))) {
            String type = noticeType(payload);
            if ("disconnect".equals(type)) {
                return new Disconnect(sender, id, format);
            }
            if ("credits".equals(type)) {
                String credits = headers.get("DOWNLOAD_CREDITS", "");
                return new Credits(sender, id, decimal(ascii(credits), 0, credits.length(), "DOWNLOAD_CREDITS"), format);
            }
        }
        return new Request(sender, id, path, headers, payload, format);
    }

    private static String noticeType(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.path("type").isTextual() ? node.get("type").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static TNetstring.Dict tnetstringHeaders(Headers headers) {
        Map<String, TNetstring> dict = new LinkedHashMap<>();
        headers.entries().forEach((name, values) -> dict.put(name, values.size() == 1
                ? TNetstring.Bytes.of(values.getFirst())
                : new TNetstring.ListOf(values.stream().<TNetstring>map(TNetstring.Bytes::of).toList())));
        return new TNetstring.Dict(dict);
    }

    private static Headers headersFromJson(byte[] json, int offset) {
        JsonNode node;
        try (JsonParser p = JSON_FACTORY.createParser(json)) {
            node = MAPPER.readTree(p);
            if (p.nextToken() != null) {
                throw new WireFormatException("trailing data after the JSON headers", offset);
            }
        } catch (JsonProcessingException e) {
            throw new WireFormatException("headers are not valid JSON: " + e.getOriginalMessage(), offset, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw new WireFormatException("JSON headers must be an object", offset);
        }
        Headers.Builder b = Headers.builder();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode v = field.getValue();
            if (v.isArray()) {
                if (v.isEmpty()) {
                    throw new WireFormatException("header '" + field.getKey() + "' is an empty list", offset);
                }
                v.forEach(item -> b.add(field.getKey(), jsonScalar(item, field.getKey(), offset)));
            } else {
                b.add(field.getKey(), jsonScalar(v, field.getKey(), offset));
            }
        }
        return b.build();
    }

    private static String jsonScalar(JsonNode v, String name, int offset) {
        if (v.isContainerNode() || v.isNull()) {
            throw new WireFormatException("header '" + name + "' must be a string or a list of strings", offset);
        }
        return v.asText();
    }

    private static Headers headersFromDict(TNetstring.Dict dict, int offset) {
        Headers.Builder b = Headers.builder();
        dict.entries().forEach((name, value) -> {
            if (value instanceof TNetstring.ListOf list) {
                if (list.items().isEmpty()) {
                    throw new WireFormatException("header '" + name + "' is an empty list", offset);
                }
                list.items().forEach(item -> b.add(name, tnetScalar(item, name, offset)));
            } else {
                b.add(name, tnetScalar(value, name, offset));
            }
        });
        return b.build();
    }

    private static String tnetScalar(TNetstring v, String name, int offset) {
        return switch (v) {
            case TNetstring.Bytes b -> b.utf8();
            case TNetstring.Int n -> Long.toString(n.value());
            case TNetstring.Real r -> Double.toString(r.value());
            case TNetstring.Bool b -> Boolean.toString(b.value());
            case TNetstring.Null _, TNetstring.ListOf _, TNetstring.Dict _ ->
                    throw new WireFormatException("header '" + name + "' must be a string or a list of strings", offset);
        };
    }

    // ---------------------------------------------------------------- handler → server

    public static byte[] encode(Outbound message) {
        StringBuilder ids = new StringBuilder();
        if (message instanceof Control) {
            ids.append("X ");
        }
        for (int i = 0; i < message.connectionIds().size(); i++) {
            ids.append(i == 0 ? "" : " ").append(message.connectionIds().get(i));
        }
        byte[] command = switch (message) {
            case Reply _ -> null;
            case Control c -> TNetstrings.encode(TNetstring.ListOf.of(TNetstring.Bytes.of(c.name()), c.args()));
        };
        int bodyLength = message instanceof Reply r ? r.bodyLength() : command.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.sender().length() + ids.length() + 16 + bodyLength);
        out.writeBytes(ascii(message.sender()));
        out.write(' ');
        TNetstrings.element(ascii(ids.toString()), ',', out);
        out.write(' ');
        if (message instanceof Reply r) {
            r.writeBody(out);
        } else {
            out.writeBytes(command);
        }
        return out.toByteArray();
    }

    public static Outbound decodeOutbound(byte[] data) {
        return decodeOutbound(data, false);
    }

    /**
     * {@link #decodeOutbound(byte[])} for a caller that gives {@code frame} up: a {@link Reply} keeps its
     * body in place, in {@code frame}, instead of a copy. The handler port's receiver does, whose frame is
     * fresh from ZeroMQ and dropped after the reply is delivered.
     */
    public static Outbound decodeOutboundInPlace(byte[] frame) {
        return decodeOutbound(frame, true);
    }

    private static Outbound decodeOutbound(byte[] data, boolean inPlace) {
        int s1 = space(data, 0, "sender");
        if (s1 == 0) {
            throw new WireFormatException("empty sender", 0);
        }
        for (int i = 0; i < s1; i++) {
            if (!senderByte(data[i])) {
                throw new WireFormatException("sender may contain only A-Z a-z 0-9 '-', found '"
                        + printable(data[i]) + "'", i);
            }
        }
        TNetstrings.Span targets = TNetstrings.span(data, s1 + 1, data.length);
        if (data[targets.end()] != ',') {
            throw new WireFormatException("connection id list must end in ','", targets.end());
        }
        int bodyStart = targets.end() + 2;
        if (bodyStart > data.length || data[targets.end() + 1] != ' ') {
            throw new WireFormatException("expected ' ' before the body", targets.end() + 1);
        }
        int i = targets.start();
        boolean extended = false;
        if (targets.end() - i >= 2 && data[i] == 'X' && data[i + 1] == ' ') {
            extended = true;
            i += 2;
        }
        List<Long> ids = new ArrayList<>();
        while (i < targets.end()) {
            int start = i;
            while (i < targets.end() && data[i] >= '0' && data[i] <= '9') {
                i++;
            }
            if (i == start) {
                throw new WireFormatException("expected a connection id digit, found '"
                        + printable(data[i]) + "'", i);
            }
            if (ids.size() == Outbound.MAX_TARGETS) {
                throw new WireFormatException("more than " + Outbound.MAX_TARGETS + " connection ids", start);
            }
            ids.add(decimal(data, start, i, "connection id"));
            if (i < targets.end() && data[i] == ' ') {
                i++;
            }
        }
        if (ids.isEmpty()) {
            throw new WireFormatException("no connection id", targets.start());
        }
        String sender = text(data, 0, s1);
        if (!extended) {
            return inPlace ? Reply.inFrame(sender, ids, data, bodyStart)
                    : Reply.inFrame(sender, ids, Arrays.copyOfRange(data, bodyStart, data.length), 0);
        }
        TNetstring command = TNetstrings.decode(Arrays.copyOfRange(data, bodyStart, data.length));
        if (!(command instanceof TNetstring.ListOf(List<TNetstring> items)) || items.size() != 2
                || !(items.getFirst() instanceof TNetstring.Bytes name)) {
            throw new WireFormatException("extended reply body must be the tnetstring list [name, args]", bodyStart);
        }
        return new Control(sender, ids, name.utf8(), items.get(1));
    }

    // ---------------------------------------------------------------- shared checks

    static void checkToken(String what, String value) {
        if (value == null || value.isEmpty() || value.indexOf(' ') >= 0) {
            throw new IllegalArgumentException(what + " must be non-empty without spaces: '" + value + "'");
        }
    }

    /** Runs for every reply the gateway receives (the {@link Reply} constructor): a loop, not a stream. */
    static void checkSender(String sender) {
        boolean ok = sender != null && !sender.isEmpty();
        for (int i = 0; ok && i < sender.length(); i++) {
            char c = sender.charAt(i);
            ok = c < 128 && senderByte((byte) c);
        }
        if (!ok) {
            throw new IllegalArgumentException("sender must match [A-Za-z0-9-]+: '" + sender + "'");
        }
    }

    static List<Long> checkTargets(List<Long> ids) {
        List<Long> copy = List.copyOf(ids);
        if (copy.isEmpty() || copy.size() > Outbound.MAX_TARGETS) {
            throw new IllegalArgumentException("a reply targets 1 to " + Outbound.MAX_TARGETS
                    + " connection ids, not " + copy.size());
        }
        for (long id : copy) {
            if (id < 0) {
                throw new IllegalArgumentException("connection id must not be negative: " + id);
            }
        }
        return copy;
    }

    private static boolean senderByte(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-';
    }

    private static int space(byte[] data, int from, String what) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == ' ') {
                if (i == from) {
                    throw new WireFormatException("empty " + what, i);
                }
                return i;
            }
        }
        throw new WireFormatException("message ends inside the " + what, data.length);
    }

    private static long decimal(byte[] data, int from, int to, String what) {
        if (from == to || to - from > MAX_ID_DIGITS) {
            throw new WireFormatException(what + " must be 1 to " + MAX_ID_DIGITS + " digits", from);
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            if (data[i] < '0' || data[i] > '9') {
                throw new WireFormatException(what + " must be decimal digits, found '"
                        + printable(data[i]) + "'", i);
            }
            n = n * 10 + (data[i] - '0');
        }
        return n;
    }

    private static String text(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }
}
