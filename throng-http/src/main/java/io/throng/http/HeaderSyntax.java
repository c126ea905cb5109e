package io.throng.http;

/**
 * The RFC 9110/9112 header-field rules, in one place for both directions: the server's request parser
 * and response writer and {@link io.throng.http.client the client} (which parses responses and writes
 * requests) check names and values with the same byte classes, so the two sides cannot drift apart.
 */
public final class HeaderSyntax {
    private HeaderSyntax() {}

    /**
     * Checks a field about to be written: the name is a token, the value Latin-1 without control
     * characters (so no CR or LF can split it into a second field).
     *
     * @throws IllegalArgumentException naming the field when either is invalid
     */
    public static void checkField(String name, String value) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7e || !Ascii.tchar(c)) {
                throw new IllegalArgumentException("invalid header name: " + name);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff || (c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("invalid character in header " + name);
            }
        }
    }

    /**
     * Parses the header fields of a received head: {@code raw[from..]} are field lines up to and
     * including the empty line that ends the head. The caller has already refused bare LFs while
     * finding that end (both parsers do so while scanning), so lines here end in CRLF or are invalid.
     *
     * @throws HttpException 400 for a malformed field or obs-fold, 431 beyond {@code maxFields}
     */
    public static Headers parseFields(byte[] raw, int from, int maxFields) {
        return parseFields(raw, from, maxFields, 8);
    }

    /**
     * As {@link #parseFields(byte[], int, int)}, with the number of field lines already counted by the
     * caller's scan ({@code expected}), so the offsets array is made at its size: it is allocated per request,
     * and a fixed room for eight fields (144 bytes) was the parser's largest allocation for a request with one.
     * A wrong count only costs a copy; the limits are checked as before.
     */
    static Headers parseFields(byte[] raw, int from, int maxFields, int expected) {
        int p = from;
        int[] spans = new int[4 * Math.clamp(expected, 1, Math.max(1, maxFields))];
        int count = 0;
        while (!(raw[p] == Ascii.CR && raw[p + 1] == Ascii.LF)) {
            if (raw[p] == Ascii.SP || raw[p] == Ascii.HT) {
                throw new HttpException(400, "obsolete line folding");
            }
            int ns = p;
            while (Ascii.tchar(raw[p])) {
                p++;
            }
            if (p == ns || raw[p] != ':') {
                throw new HttpException(400, "invalid header name");
            }
            int ne = p++;
            while (raw[p] == Ascii.SP || raw[p] == Ascii.HT) {
                p++;
            }
            int vs = p;
            while (raw[p] != Ascii.CR) {
                if (!Ascii.fieldValue(raw[p])) {
                    throw new HttpException(400, "control character in header value");
                }
                p++;
            }
            if (raw[p + 1] != Ascii.LF) {
                throw new HttpException(400, "bare CR");
            }
            int ve = p;
            while (ve > vs && (raw[ve - 1] == Ascii.SP || raw[ve - 1] == Ascii.HT)) {
                ve--;
            }
            if (count == maxFields) {
                throw new HttpException(431, "too many header fields");
            }
            if (4 * count + 4 > spans.length) {
                spans = java.util.Arrays.copyOf(spans, spans.length * 2);
            }
            spans[4 * count] = ns;
            spans[4 * count + 1] = ne;
            spans[4 * count + 2] = vs;
            spans[4 * count + 3] = ve;
            count++;
            p += 2;
        }
        return new Headers(raw, spans, count);
    }
}
