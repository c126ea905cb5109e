package io.throng.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A strict RFC 9112 request-head parser over the bytes in a read buffer.
 *
 * <p>{@link #parse} is called each time more bytes arrive; it remembers how far it has scanned, so a
 * head that arrives in pieces is scanned once. It returns null until a whole head is present, then
 * consumes it from the buffer. Anything that could let two parsers disagree about where a message ends
 * (request smuggling) is refused with an {@link HttpException}; the caller answers with its status
 * and closes the connection.
 *
 * <p>It is public so that a server that reads requests itself (the Mongrel2 gateway's relay, on a
 * connection it took over) parses them with this parser and no other: one parser, one set of refusals.
 */
public final class RequestParser {
    private static final byte[] CONTENT_LENGTH = Ascii.bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = Ascii.bytes("transfer-encoding");
    private static final byte[] HOST = Ascii.bytes("host");
    private static final byte[] CONNECTION = Ascii.bytes("connection");
    private static final byte[] EXPECT = Ascii.bytes("expect");

    private final int maxRequestLine;
    private final int maxHeadBytes;
    private final int maxHeaders;
    private int scanned; // bytes of the current head already checked for line ends
    private int lineStart;
    private int firstLineEnd;
    /** Line ends seen in the current head so far: the request line, the fields and the empty line. */
    private int lines;
    /**
     * The last Host value this parser made a String of. A client sends the same Host on every request of a
     * connection, and the server keeps one parser per connection, so the String is made once, not per request.
     */
    private String lastHost;

    /**
     * A parser refusing a request line longer than {@code maxRequestLine} (414), and a head larger than
     * {@code maxHeadBytes} or with more than {@code maxHeaders} fields (431): {@link HttpOptions}' limits.
     */
    public RequestParser(int maxRequestLine, int maxHeadBytes, int maxHeaders) {
        this.maxRequestLine = maxRequestLine;
        this.maxHeadBytes = maxHeadBytes;
        this.maxHeaders = maxHeaders;
        reset();
    }

    /** Forgets any partial scan; call before the first parse of each request. */
    void reset() {
        scanned = 0;
        lineStart = 0;
        firstLineEnd = -1;
        lines = 0;
    }

    /**
     * Parses a head from {@code in} (read mode: position..limit are unread bytes).
     *
     * @return the head, with its bytes consumed, or null if more bytes are needed
     * @throws HttpException with the status to answer when the head is invalid or too large
     */
    public RequestHead parse(ByteBuffer in) {
        int base = in.position();
        int limit = in.limit();
        // RFC 9112 2.2: ignore empty lines before the request line.
        while (scanned == 0 && limit - base >= 2 && in.get(base) == Ascii.CR && in.get(base + 1) == Ascii.LF) {
            in.position(base += 2);
        }
        if (scanned == 0 && base < limit && in.get(base) == Ascii.LF) {
            throw new HttpException(400, "bare LF");
        }
        int end = -1;
        int i = base + scanned;
        for (; i < limit; i++) {
            if (in.get(i) != Ascii.LF) {
                continue;
            }
            if (in.get(i - 1) != Ascii.CR) {
                throw new HttpException(400, "bare LF");
            }
            lines++;
            int offset = i - base;
            if (firstLineEnd < 0) {
                firstLineEnd = offset;
                if (offset + 1 > maxRequestLine) {
                    throw new HttpException(414, "request line too long");
                }
            } else if (offset - 1 == lineStart) {
                end = offset + 1;
                break;
            }
            lineStart = offset + 1;
            if (offset + 1 > maxHeadBytes) {
                throw new HttpException(431, "header section too large");
            }
        }
        if (end < 0) {
            scanned = i - base;
            if (firstLineEnd < 0 && scanned > maxRequestLine) {
                throw new HttpException(414, "request line too long");
            }
            if (scanned > maxHeadBytes) {
                throw new HttpException(431, "header section too large");
            }
            return null;
        }
        if (end > maxHeadBytes) {
            throw new HttpException(431, "header section too large");
        }
        byte[] raw = new byte[end];
        in.get(base, raw);
        in.position(base + end);
        int fields = lines - 2;
        reset();
        return parseHead(raw, fields);
    }

    private RequestHead parseHead(byte[] raw, int fields) {
        int n = raw.length;
        // request-line = method SP request-target SP HTTP-version CRLF
        int p = 0;
        while (p < n && Ascii.tchar(raw[p])) {
            p++;
        }
        if (p == 0 || raw[p] != Ascii.SP) {
            throw new HttpException(400, "invalid method");
        }
        String method = method(raw, p);
        int t0 = ++p;
        while (p < n && Ascii.target(raw[p])) {
            p++;
        }
        if (p == t0 || raw[p] != Ascii.SP) {
            throw new HttpException(400, "invalid request target");
        }
        String target = new String(raw, t0, p - t0, StandardCharsets.ISO_8859_1);
        int v = ++p;
        if (n - v < 10 || raw[v] != 'H' || raw[v + 1] != 'T' || raw[v + 2] != 'T' || raw[v + 3] != 'P'
                || raw[v + 4] != '/' || !digit(raw[v + 5]) || raw[v + 6] != '.' || !digit(raw[v + 7])
                || raw[v + 8] != Ascii.CR || raw[v + 9] != Ascii.LF) {
            throw new HttpException(400, "invalid HTTP version");
        }
        if (raw[v + 5] != '1') {
            throw new HttpException(505, "HTTP version not supported");
        }
        int minor = raw[v + 7] == '0' ? 0 : 1;
        p = v + 10;

        Headers headers = HeaderSyntax.parseFields(raw, p, maxHeaders, fields);
        return frame(method, target, minor, headers);
    }

    private RequestHead frame(String method, String target, int minor, Headers h) {
        byte[] raw = h.raw();
        long contentLength = -1;
        int cl = h.indexOf(CONTENT_LENGTH, 0);
        if (cl >= 0) {
            if (h.indexOf(CONTENT_LENGTH, cl + 1) >= 0) {
                throw new HttpException(400, "duplicate Content-Length");
            }
            contentLength = decimal(raw, h.valueStart(cl), h.valueEnd(cl));
        }
        boolean chunked = false;
        int te = h.indexOf(TRANSFER_ENCODING, 0);
        if (te >= 0) {
            if (h.indexOf(TRANSFER_ENCODING, te + 1) >= 0) {
                throw new HttpException(400, "duplicate Transfer-Encoding");
            }
            if (cl >= 0) {
                throw new HttpException(400, "both Content-Length and Transfer-Encoding");
            }
            if (minor == 0) {
                throw new HttpException(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            transferCoding(raw, h.valueStart(te), h.valueEnd(te));
            chunked = true;
        }
        int hi = h.indexOf(HOST, 0);
        String host = null;
        if (hi >= 0) {
            if (h.indexOf(HOST, hi + 1) >= 0) {
                throw new HttpException(400, "duplicate Host");
            }
            for (int i = h.valueStart(hi); i < h.valueEnd(hi); i++) {
                if (!Ascii.host(raw[i])) {
                    throw new HttpException(400, "invalid Host");
                }
            }
            host = host(h, hi);
        } else if (minor == 1) {
            throw new HttpException(400, "missing Host");
        }

        String path;
        String query = null;
        if (target.charAt(0) == '/') {
            int q = target.indexOf('?');
            path = q < 0 ? target : target.substring(0, q);
            query = q < 0 ? null : target.substring(q + 1);
        } else if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw new HttpException(400, "asterisk-form is for OPTIONS only");
            }
            path = "*";
        } else if (startsWithIgnoreCase(target, "http://") || startsWithIgnoreCase(target, "https://")) {
            int a = target.indexOf("://") + 3;
            int slash = a;
            while (slash < target.length() && target.charAt(slash) != '/' && target.charAt(slash) != '?') {
                slash++;
            }
            if (slash == a) {
                throw new HttpException(400, "absolute-form without authority");
            }
            host = target.substring(a, slash);
            if (host.indexOf('@') >= 0) {
                throw new HttpException(400, "userinfo in request target");
            }
            String rest = slash == target.length() ? "/" : target.substring(slash);
            if (rest.charAt(0) == '?') {
                rest = "/" + rest;
            }
            int q = rest.indexOf('?');
            path = q < 0 ? rest : rest.substring(0, q);
            query = q < 0 ? null : rest.substring(q + 1);
        } else if (method.equals("CONNECT")) {
            throw new HttpException(501, "CONNECT is not implemented");
        } else {
            throw new HttpException(400, "invalid request target");
        }

        boolean close = false;
        boolean keepAliveToken = false;
        int ci = -1;
        while ((ci = h.indexOf(CONNECTION, ci + 1)) >= 0) {
            for (String token : h.value(ci).split(",")) {
                String t = token.strip();
                close |= t.equalsIgnoreCase("close");
                keepAliveToken |= t.equalsIgnoreCase("keep-alive");
            }
        }
        boolean keepAlive = !close && (minor == 1 || keepAliveToken);
        boolean expectContinue = false;
        int ei = h.indexOf(EXPECT, 0);
        if (ei >= 0) {
            if (!h.value(ei).equalsIgnoreCase("100-continue") || h.indexOf(EXPECT, ei + 1) >= 0) {
                throw new HttpException(417, "unsupported expectation");
            }
            expectContinue = minor == 1;
        }
        return new RequestHead(method, target, path, query, minor, h, contentLength, chunked, keepAlive,
                expectContinue, host);
    }

    /** The value of field {@code i} (a Host): {@link #lastHost} if it has the same characters. */
    private String host(Headers h, int i) {
        byte[] raw = h.raw();
        int from = h.valueStart(i), to = h.valueEnd(i);
        String last = lastHost;
        if (last != null && last.length() == to - from) {
            int k = 0;
            while (k < last.length() && last.charAt(k) == (raw[from + k] & 0xff)) {
                k++;
            }
            if (k == last.length()) {
                return last;
            }
        }
        return lastHost = h.value(i);
    }

    /** Accepts exactly "chunked"; a well-formed list of other codings is 501, anything else 400. */
    private static void transferCoding(byte[] raw, int from, int to) {
        int elements = 0;
        boolean onlyChunked = true;
        int i = from;
        while (true) {
            while (i < to && (raw[i] == Ascii.SP || raw[i] == Ascii.HT)) {
                i++;
            }
            int s = i;
            while (i < to && Ascii.tchar(raw[i])) {
                i++;
            }
            if (i == s) {
                throw new HttpException(400, "malformed Transfer-Encoding");
            }
            elements++;
            onlyChunked &= Ascii.equalsLower(raw, s, i, CHUNKED);
            while (i < to && (raw[i] == Ascii.SP || raw[i] == Ascii.HT)) {
                i++;
            }
            if (i == to) {
                break;
            }
            if (raw[i] != ',') {
                throw new HttpException(400, "malformed Transfer-Encoding");
            }
            i++;
        }
        if (onlyChunked && elements == 1) {
            return;
        }
        if (onlyChunked) {
            throw new HttpException(400, "chunked applied more than once");
        }
        throw new HttpException(501, "unsupported transfer coding");
    }

    private static final byte[] CHUNKED = Ascii.bytes("chunked");

    private static long decimal(byte[] raw, int from, int to) {
        if (from == to || to - from > 18) {
            throw new HttpException(400, "invalid Content-Length");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            if (!digit(raw[i])) {
                throw new HttpException(400, "invalid Content-Length");
            }
            v = v * 10 + (raw[i] - '0');
        }
        return v;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static String method(byte[] raw, int len) {
        // Common methods are shared constants, so the router compares by identity first.
        if (len == 3 && raw[0] == 'G' && raw[1] == 'E' && raw[2] == 'T') {
            return "GET";
        }
        if (len == 4 && raw[0] == 'P' && raw[1] == 'O' && raw[2] == 'S' && raw[3] == 'T') {
            return "POST";
        }
        if (len == 4 && raw[0] == 'H' && raw[1] == 'E' && raw[2] == 'A' && raw[3] == 'D') {
            return "HEAD";
        }
        return new String(raw, 0, len, StandardCharsets.ISO_8859_1);
    }
}
