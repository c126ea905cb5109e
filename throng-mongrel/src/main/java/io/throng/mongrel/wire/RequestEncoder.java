package io.throng.mongrel.wire;

import java.util.Arrays;

/**
 * Writes one request message straight to its bytes, without the {@link Headers} maps, the record's
 * copies and the intermediate arrays. It is the gateway's per-request path, where those were a
 * measurable share of the CPU per request (docs/gateway.md §7), and the one writer of the JSON header
 * form: {@code MessageCodec.encode} feeds a {@link Request}'s headers through it too.
 *
 * <p>Headers are added in wire order; a name added again becomes a list at its first position, as
 * {@link Headers.Builder} makes it. Not thread-safe; reusable: {@link #encode} empties it for the next
 * message and keeps its buffers, so that a connection's requests reuse one encoder (the gateway's relay) and
 * each message costs one allocation, its bytes.
 */
public final class RequestEncoder {

    private HeaderFormat format;
    private String[] names = new String[16];
    private String[] values = new String[16];
    private int count;
    /** The message's head ({@code SENDER ID PATH }) and then its JSON headers, before they are put together. */
    private final JsonOut scratch = new JsonOut();

    public RequestEncoder(HeaderFormat format) {
        this.format = format;
    }

    /** Empties the encoder (as {@link #encode} leaves it) and sets the next message's header format. */
    public RequestEncoder start(HeaderFormat format) {
        Arrays.fill(names, 0, count, null);
        Arrays.fill(values, 0, count, null);
        count = 0;
        this.format = format;
        return this;
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
        try {
            if (format == HeaderFormat.TNETSTRING) {
                // Not the gateway's default; the general path is fast enough for it.
                Headers.Builder b = Headers.builder();
                for (int i = 0; i < count; i++) {
                    b.add(names[i], values[i]);
                }
                return MessageCodec.encodeRequest(sender, connectionId, path, b.build(), body, format);
            }
            JsonOut head = scratch.clear();
            head.raw(sender);
            head.add(' ');
            head.decimal(connectionId);
            head.add(' ');
            head.raw(path);
            head.add(' ');
            int headSize = head.size();
            json(head);
            int jsonSize = head.size() - headSize;
            byte[] out = new byte[headSize + JsonOut.digits(jsonSize) + 1 + jsonSize + 1 + JsonOut.digits(body.length) + 1
                    + body.length + 1];
            head.copyTo(0, headSize, out, 0);
            int at = JsonOut.decimal(jsonSize, out, headSize);
            out[at++] = ':';
            head.copyTo(headSize, jsonSize, out, at);
            at += jsonSize;
            out[at++] = ',';
            at = JsonOut.decimal(body.length, out, at);
            out[at++] = ':';
            System.arraycopy(body, 0, out, at, body.length);
            at += body.length;
            out[at] = ',';
            return out;
        } finally {
            start(format);
        }
    }

    /** Appends the JSON object: each name once, at its first position, its values as a list if repeated. */
    private void json(JsonOut out) {
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
