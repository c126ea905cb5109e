package io.throng.websocket.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses Sec-WebSocket-Extensions (RFC 6455 §9.1): a comma-separated list of extensions, each a token
 * followed by {@code ; name[=value]} parameters, values being tokens or quoted strings. A malformed
 * element (an empty name, a duplicate parameter) comes back as {@code null} so that the caller declines
 * it rather than guessing.
 */
public final class ExtensionHeader {
    /** One offered or accepted extension; a parameter without a value maps to {@code null}. */
    public record Extension(String name, Map<String, String> params) {}

    private ExtensionHeader() {}

    public static List<Extension> parse(String header) {
        List<Extension> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String element : splitOutsideQuotes(header, ',')) {
            List<String> parts = splitOutsideQuotes(element, ';');
            String name = parts.getFirst().trim().toLowerCase(java.util.Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            boolean malformed = false;
            for (String p : parts.subList(1, parts.size())) {
                int eq = p.indexOf('=');
                String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(java.util.Locale.ROOT);
                String value = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
                if (key.isEmpty() || params.containsKey(key)) {
                    malformed = true;
                }
                params.put(key, value);
            }
            out.add(malformed ? new Extension(name, null) : new Extension(name, params));
        }
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static List<String> splitOutsideQuotes(String s, char sep) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == sep && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }
}
