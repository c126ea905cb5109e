package io.throng.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The head of an HTTP/1.1 request or response, as much HTTP as a WebSocket handshake needs when no
 * HTTP server is in front (the client, tests). Field names are lower-cased; repeated fields are kept
 * in order and {@link #value} joins them with ", " (RFC 9110 §5.3).
 *
 * @param startLine the request line or status line
 * @param rest bytes read past the blank line: the start of the WebSocket stream
 */
public record HttpHead(String startLine, Map<String, List<String>> fields, ByteBuffer rest) {
    static final int MAX_HEAD = 16 * 1024;

    /** The combined value of field {@code name} (any case), or null. */
    public String value(String name) {
        List<String> v = fields.get(name.toLowerCase(Locale.ROOT));
        return v == null ? null : String.join(", ", v);
    }

    /** True if the comma-separated field {@code name} contains {@code token}, ignoring case. */
    public boolean hasToken(String name, String token) {
        return ServerHandshake.hasToken(value(name), token);
    }

    /** Reads a head from a blocking channel; fails on EOF, on a malformed line, or past 16 KiB. */
    public static HttpHead read(ReadableByteChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_HEAD);
        int scanned = 0;
        while (true) {
            if (!buf.hasRemaining()) {
                throw new IOException("HTTP head longer than " + MAX_HEAD + " bytes");
            }
            if (ch.read(buf) < 0) {
                throw new IOException("connection closed during the HTTP head");
            }
            int end = buf.position();
            for (int i = Math.max(3, scanned); i < end; i++) {
                if (buf.get(i) == '\n' && buf.get(i - 1) == '\r' && buf.get(i - 2) == '\n' && buf.get(i - 3) == '\r') {
                    String head = new String(buf.array(), 0, i - 3, StandardCharsets.ISO_8859_1);
                    ByteBuffer rest = ByteBuffer.wrap(buf.array(), i + 1, end - i - 1).slice();
                    return parse(head, rest);
                }
            }
            scanned = end;
        }
    }

    static HttpHead parse(String head, ByteBuffer rest) throws IOException {
        String[] lines = head.split("\r\n");
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0 || lines[i].charAt(colon - 1) == ' ' || Character.isWhitespace(lines[i].charAt(0))) {
                throw new IOException("malformed header line: " + lines[i]);
            }
            fields.computeIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        return new HttpHead(lines[0], fields, rest);
    }
}
