package io.throng.mongrel.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one request message straight to its bytes, without the {@link Headers} maps, the record's
 * copies and the intermediate arrays. It is the gateway's per-request path, where those were a
 * measurable share of the CPU per request (docs/gateway.md §7), and the one writer of the JSON header
 * form: {@code MessageCodec.encode} feeds a {@link Request}'s headers through it too.
 *
 * <p>Headers are added in wire order; a name added again becomes a list at its first position, as
 * {@link Headers.Builder} makes it. One encoder per message; not thread-safe.
 */
public final class RequestEncoder {

    private final HeaderFormat format;
    private String[] names = new String[16];
    private String[] values = new String[16];
    private int count;

    public RequestEncoder(HeaderFormat format) {
        this.format = format;
    }

    public RequestEncoder add(String name, String value) {
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        names[count] = name;
        values[count] = value;
        count++;
        return this;
    }

    /** The message {@code SENDER ID PATH SIZE:HEADERS,SIZE:BODY,}; the same checks as {@link Request}'s. */
    public byte[] encode(String sender, long connectionId, String path, byte[] body) {
        MessageCodec.checkToken("sender", sender);
        MessageCodec.checkToken("path", path);
        if (connectionId < 0) {
            throw new IllegalArgumentException("connection id must not be negative: " + connectionId);
        }
        if (format == HeaderFormat.TNETSTRING) {
            // Not the gateway's default; the general path is fast enough for it.
            Headers.Builder b = Headers.builder();
            for (int i = 0; i < count; i++) {
                b.add(names[i], values[i]);
            }
            return MessageCodec.encodeRequest(sender, connectionId, path, b.build(), body, format);
        }
        JsonOut json = json();
        byte[] head = (sender + ' ' + connectionId + ' ' + path + ' ').getBytes(StandardCharsets.UTF_8);
        byte[] jsonSize = Integer.toString(json.size()).getBytes(StandardCharsets.US_ASCII);
        byte[] bodySize = Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + jsonSize.length + 1 + json.size() + 1 + bodySize.length + 1 + body.length + 1];
        int at = 0;
        System.arraycopy(head, 0, out, at, head.length);
        at += head.length;
        System.arraycopy(jsonSize, 0, out, at, jsonSize.length);
        at += jsonSize.length;
        out[at++] = ':';
        json.copyTo(out, at);
        at += json.size();
        out[at++] = ',';
        System.arraycopy(bodySize, 0, out, at, bodySize.length);
        at += bodySize.length;
        out[at++] = ':';
        System.arraycopy(body, 0, out, at, body.length);
        at += body.length;
        out[at] = ',';
        return out;
    }

    /** The JSON object: each name once, at its first position, its values as a list if repeated. */
    private JsonOut json() {
        JsonOut out = new JsonOut();
        out.add('{');
        boolean first = true;
        for (int i = 0; i < count; i++) {
            if (seenBefore(i)) {
                continue;
            }
            if (!first) {
                out.add(',');
            }
            first = false;
            out.string(names[i]);
            out.add(':');
            int repeats = 0;
            for (int j = i + 1; j < count; j++) {
                if (names[j].equals(names[i])) {
                    repeats++;
                }
            }
            if (repeats == 0) {
                out.string(values[i]);
                continue;
            }
            out.add('[');
            out.string(values[i]);
            for (int j = i + 1; j < count; j++) {
                if (names[j].equals(names[i])) {
                    out.add(',');
                    out.string(values[j]);
                }
            }
            out.add(']');
        }
        out.add('}');
        return out;
    }

    /**
     * Whether header {@code i}'s name came earlier. Quadratic in the header count, which throng-http
     * bounds ({@code maxHeaders}, 100 by default): at most ~5,000 mostly length-mismatched comparisons,
     * and ~50 for a typical request — cheaper than the map it replaces.
     */
    private boolean seenBefore(int i) {
        for (int j = 0; j < i; j++) {
            if (names[j].equals(names[i])) {
                return true;
            }
        }
        return false;
    }
}
