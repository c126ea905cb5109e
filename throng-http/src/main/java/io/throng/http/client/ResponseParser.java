package io.throng.http.client;

import io.throng.http.HeaderSyntax;
import io.throng.http.Headers;
import io.throng.http.HttpException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;

/**
 * A strict RFC 9112 response-head parser over a connection's receive buffer, the mirror of the
 * server's RequestParser and sharing its field rules ({@link HeaderSyntax}). Lines end in CRLF only;
 * a head larger than the limit is refused as soon as the limit is passed, before it is read whole;
 * framing that two parsers could read differently (Content-Length with Transfer-Encoding, repeated or
 * non-numeric Content-Length, a transfer coding other than chunked) is refused.
 */
final class ResponseParser {
    private ResponseParser() {}

    /**
     * Reads the final response head (interim 1xx responses are skipped) before {@code deadlineNanos}.
     *
     * @param head whether the request was HEAD (its response has no body, whatever it declares)
     */
    static ResponseHead read(PooledConnection c, ClientOptions options, boolean head, long deadlineNanos)
            throws IOException {
        while (true) {
            ResponseHead r = readOne(c, options, head, deadlineNanos);
            if (r.status() >= 200 || r.status() == 101) {
                return r;
            }
        }
    }

    private static ResponseHead readOne(PooledConnection c, ClientOptions options, boolean head,
            long deadlineNanos) throws IOException {
        int max = options.maxHeadBytes();
        int scanned = 0; // bytes after c.pos already checked
        int lineStart = 0;
        int end;
        while (true) {
            end = scan(c, scanned, lineStart, max);
            if (end > 0) {
                break;
            }
            scanned = c.lim - c.pos;
            lineStart = -end;
            if (scanned >= max) {
                throw refused(c, "response head larger than " + max + " bytes");
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw responseTimeout(c, options, null);
            }
            c.socket.setSoTimeout(Connector.millis(Math.max(1, left / 1_000_000)));
            int n;
            try {
                n = c.fill(max);
            } catch (SocketTimeoutException e) {
                throw responseTimeout(c, options, e);
            }
            if (n < 0) {
                if (c.received == 0) {
                    throw new java.io.EOFException("connection to " + c.origin + " closed before a response");
                }
                throw refused(c, "connection closed in the middle of the response head");
            }
        }
        byte[] raw = Arrays.copyOfRange(c.in, c.pos, c.pos + end);
        c.pos += end;
        return parse(c, raw, options.maxHeaders(), head);
    }

    /**
     * Looks for the empty line that ends the head in the unread bytes.
     *
     * @return the head's length including that line, or minus the start of the last incomplete line
     */
    private static int scan(PooledConnection c, int from, int lineStart, int max) throws BadResponseException {
        byte[] b = c.in;
        int base = c.pos;
        for (int i = base + from; i < c.lim; i++) {
            if (b[i] != '\n') {
                continue;
            }
            int offset = i - base;
            if (offset == 0 || b[i - 1] != '\r') {
                throw refused(c, "bare LF in the response head");
            }
            if (offset + 1 > max) {
                throw refused(c, "response head larger than " + max + " bytes");
            }
            if (offset - 1 == lineStart && lineStart > 0) {
                return offset + 1;
            }
            lineStart = offset + 1;
        }
        return -lineStart;
    }

    private static ResponseHead parse(PooledConnection c, byte[] raw, int maxHeaders, boolean headRequest)
            throws BadResponseException {
        // status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF; the reason is ignored.
        if (raw.length < 14 || raw[0] != 'H' || raw[1] != 'T' || raw[2] != 'T' || raw[3] != 'P' || raw[4] != '/'
                || raw[5] != '1' || raw[6] != '.' || !digit(raw[7]) || raw[8] != ' '
                || !digit(raw[9]) || !digit(raw[10]) || !digit(raw[11])
                || raw[12] != ' ' && raw[12] != '\r') {
            throw refused(c, "invalid status line");
        }
        int minor = raw[7] - '0';
        int status = (raw[9] - '0') * 100 + (raw[10] - '0') * 10 + (raw[11] - '0');
        if (status < 100) {
            throw refused(c, "invalid status code " + status);
        }
        int p = 12;
        while (raw[p] != '\r') {
            p++;
        }
        if (raw[p + 1] != '\n') {
            throw refused(c, "bare CR in the status line");
        }
        Headers h;
        try {
            h = HeaderSyntax.parseFields(raw, p + 2, maxHeaders);
        } catch (HttpException e) {
            throw refused(c, e.getMessage());
        }
        return frame(c, status, minor, h, headRequest);
    }

    /** RFC 9112 6.3, strictly: where this response's body ends, and whether the connection lives on. */
    private static ResponseHead frame(PooledConnection c, int status, int minor, Headers h, boolean headRequest)
            throws BadResponseException {
        boolean close = minor == 0;
        for (String v : h.all("connection")) {
            for (String token : v.split(",")) {
                String t = token.strip();
                close |= t.equalsIgnoreCase("close");
                close &= !(minor == 0 && t.equalsIgnoreCase("keep-alive"));
            }
        }
        List<String> te = h.all("transfer-encoding");
        List<String> cl = h.all("content-length");
        if (!te.isEmpty() && !cl.isEmpty()) {
            throw refused(c, "both Content-Length and Transfer-Encoding");
        }
        if (cl.size() > 1) {
            throw refused(c, "more than one Content-Length");
        }
        if (te.size() > 1) {
            throw refused(c, "more than one Transfer-Encoding");
        }
        long length = cl.isEmpty() ? -1 : decimal(c, cl.get(0));
        boolean chunked = false;
        if (!te.isEmpty()) {
            if (minor == 0) {
                throw refused(c, "Transfer-Encoding in an HTTP/1.0 response");
            }
            if (!te.get(0).equalsIgnoreCase("chunked")) {
                throw refused(c, "unsupported Transfer-Encoding: " + te.get(0));
            }
            chunked = true;
        }
        if (status == 101) {
            return new ResponseHead(status, minor, h, 0, false, false); // another protocol follows
        }
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return new ResponseHead(status, minor, h, 0, false, !close);
        }
        if (!chunked && length < 0) {
            return new ResponseHead(status, minor, h, -1, false, false); // delimited by close
        }
        return new ResponseHead(status, minor, h, length, chunked, !close);
    }

    private static long decimal(PooledConnection c, String v) throws BadResponseException {
        if (v.isEmpty() || v.length() > 18) {
            throw refused(c, "invalid Content-Length: " + v);
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char d = v.charAt(i);
            if (d < '0' || d > '9') {
                throw refused(c, "invalid Content-Length: " + v);
            }
            n = n * 10 + (d - '0');
        }
        return n;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    static BadResponseException refused(PooledConnection c, String why) {
        return new BadResponseException("bad response from " + c.origin + ": " + why);
    }

    private static ClientTimeoutException responseTimeout(PooledConnection c, ClientOptions o, Throwable cause) {
        return new ClientTimeoutException(ClientTimeoutException.Timeout.RESPONSE, "no complete response head from "
                + c.origin + " within " + o.responseTimeout().toMillis() + " ms", cause);
    }
}
