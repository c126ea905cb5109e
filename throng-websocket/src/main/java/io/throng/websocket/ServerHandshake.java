package io.throng.websocket;

import io.throng.websocket.codec.PerMessageDeflate;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The server's half of the opening handshake (RFC 6455 §4.2), independent of the HTTP server: give it
 * the request method and a field lookup, get back either the 101 response to write (and what was
 * negotiated, for {@link WebSocket#start}) or the error response to send instead.
 */
public final class ServerHandshake {
    /**
     * @param subprotocols the ones we speak, any order; we pick the client's first choice among them
     * @param deflate our permessage-deflate willingness
     * @param originAllowed decides on the Origin field (null when the client sent none, as non-browsers do)
     */
    public record Options(List<String> subprotocols, DeflateOptions deflate, Predicate<String> originAllowed) {
        public static final Options DEFAULTS = new Options(List.of(), DeflateOptions.DISABLED, origin -> true);

        public Options withDeflate(DeflateOptions d) {
            return new Options(subprotocols, d, originAllowed);
        }

        public Options withSubprotocols(List<String> s) {
            return new Options(s, deflate, originAllowed);
        }

        public Options withOriginAllowed(Predicate<String> p) {
            return new Options(subprotocols, deflate, p);
        }
    }

    /** The handshake's outcome. */
    public sealed interface Result {
        /** The response fields to send with the status. */
        Map<String, String> fields();

        /** The complete HTTP/1.1 response head, for transports that write raw bytes. */
        byte[] responseBytes();
    }

    /** 101 Switching Protocols; start the WebSocket with {@link #negotiated()}. */
    public record Accepted(Negotiated negotiated, Map<String, String> fields) implements Result {
        @Override
        public byte[] responseBytes() {
            return head("HTTP/1.1 101 Switching Protocols", fields);
        }
    }

    /** Not a valid WebSocket upgrade: send {@code status} and close. */
    public record Rejected(int status, String reason, Map<String, String> fields) implements Result {
        @Override
        public byte[] responseBytes() {
            Map<String, String> f = new LinkedHashMap<>(fields);
            f.put("Content-Length", "0");
            f.put("Connection", "close");
            return head("HTTP/1.1 " + status + " " + reason, f);
        }
    }

    private ServerHandshake() {}

    /**
     * @param method the request method
     * @param field the combined value of a request field by name (any case), or null if absent
     */
    public static Result negotiate(String method, Function<String, String> field, Options options) {
        if (!"GET".equals(method)) {
            return new Rejected(405, "Method Not Allowed", Map.of("Allow", "GET"));
        }
        if (!hasToken(field.apply("upgrade"), "websocket") || !hasToken(field.apply("connection"), "upgrade")) {
            return new Rejected(400, "Bad Request", Map.of());
        }
        if (!"13".equals(trim(field.apply("sec-websocket-version")))) {
            return new Rejected(426, "Upgrade Required", Map.of("Sec-WebSocket-Version", "13"));
        }
        String key = trim(field.apply("sec-websocket-key"));
        if (!Handshake.isValidKey(key)) {
            return new Rejected(400, "Bad Request", Map.of());
        }
        if (!options.originAllowed().test(field.apply("origin"))) {
            return new Rejected(403, "Forbidden", Map.of());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Upgrade", "websocket");
        fields.put("Connection", "Upgrade");
        fields.put("Sec-WebSocket-Accept", Handshake.accept(key));
        String subprotocol = chooseSubprotocol(field.apply("sec-websocket-protocol"), options.subprotocols());
        if (subprotocol != null) {
            fields.put("Sec-WebSocket-Protocol", subprotocol);
        }
        DeflateParameters deflate = PerMessageDeflate.accept(field.apply("sec-websocket-extensions"), options.deflate()).orElse(null);
        if (deflate != null) {
            fields.put("Sec-WebSocket-Extensions", deflate.toResponseHeader());
        }
        return new Accepted(new Negotiated(subprotocol, deflate), fields);
    }

    private static String chooseSubprotocol(String offered, List<String> ours) {
        if (offered == null) {
            return null;
        }
        for (String p : offered.split(",")) {
            if (ours.contains(p.trim())) {
                return p.trim();
            }
        }
        return null;
    }

    /** True if the comma-separated field value lists {@code token} (case-insensitively). */
    static boolean hasToken(String value, String token) {
        if (value == null) {
            return false;
        }
        for (String t : value.split(",")) {
            if (t.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static byte[] head(String statusLine, Map<String, String> fields) {
        StringBuilder sb = new StringBuilder(statusLine).append("\r\n");
        fields.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
