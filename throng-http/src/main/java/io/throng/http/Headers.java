package io.throng.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header fields of a request, kept as offsets into the bytes of the request head. A String is
 * made only for the fields a handler asks for. Names compare case-insensitively; values are ISO-8859-1
 * as received, without leading or trailing whitespace.
 */
public final class Headers {
    private final byte[] raw;
    private final int[] spans; // per field: nameStart, nameEnd, valueStart, valueEnd
    private final int count;

    Headers(byte[] raw, int[] spans, int count) {
        this.raw = raw;
        this.spans = spans;
        this.count = count;
    }

    public int size() {
        return count;
    }

    public String name(int i) {
        return new String(raw, spans[4 * i], spans[4 * i + 1] - spans[4 * i], StandardCharsets.ISO_8859_1);
    }

    public String value(int i) {
        return new String(raw, spans[4 * i + 2], spans[4 * i + 3] - spans[4 * i + 2], StandardCharsets.ISO_8859_1);
    }

    /** The first value of the named field, or null. */
    public String get(String name) {
        int i = indexOf(Ascii.bytes(name.toLowerCase(Locale.ROOT)), 0);
        return i < 0 ? null : value(i);
    }

    /** Every value of the named field, in order. */
    public List<String> all(String name) {
        byte[] lower = Ascii.bytes(name.toLowerCase(Locale.ROOT));
        List<String> out = new ArrayList<>(1);
        for (int i = indexOf(lower, 0); i >= 0; i = indexOf(lower, i + 1)) {
            out.add(value(i));
        }
        return out;
    }

    int indexOf(byte[] lowerName, int from) {
        for (int i = from; i < count; i++) {
            if (Ascii.equalsLower(raw, spans[4 * i], spans[4 * i + 1], lowerName)) {
                return i;
            }
        }
        return -1;
    }

    int valueStart(int i) {
        return spans[4 * i + 2];
    }

    int valueEnd(int i) {
        return spans[4 * i + 3];
    }

    byte[] raw() {
        return raw;
    }
}
