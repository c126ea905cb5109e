package io.throng.mongrel.front;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the head of a request that arrives on a connection the gateway already relays (the first
 * request of a connection went through throng-http's parser). It is strict on framing, because a
 * request smuggled past it would reach a handler: CRLF line ends, no obs-fold, token field names,
 * Content-Length digits only and at most once. A body with Transfer-Encoding is refused (501): Mongrel2
 * turns chunked uploads into its temp-file protocol, which the relay does not do.
 */
final class HeadParser {

    /** A parsed head: the request without its body yet, the head's length and the declared body length. */
    record Head(ClientRequest request, int length, long contentLength) {}

    /** A request that cannot be forwarded; answered with {@code status} and the connection closed. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private HeadParser() {}

    /** Parses {@code buf[from..to)}; null when the head is not complete yet. */
    static Head parse(byte[] buf, int from, int to, int maxHead) throws Refused {
        int end = indexOfBlankLine(buf, from, to);
        if (end < 0) {
            if (to - from > maxHead) {
                throw new Refused(431, "request head too large");
            }
            return null;
        }
        if (end - from > maxHead) {
            throw new Refused(431, "request head too large");
        }
        String head = new String(buf, from, end - from, StandardCharsets.ISO_8859_1);
        List<String> lines = lines(head);
        String[] requestLine = lines.getFirst().split(" ", -1);
        if (requestLine.length != 3 || requestLine[0].isEmpty() || requestLine[1].isEmpty()
                || !isToken(requestLine[0])) {
            throw new Refused(400, "malformed request line");
        }
        String version = requestLine[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new Refused(505, "HTTP version not supported");
        }
        String target = requestLine[1];
        if (!target.startsWith("/") || target.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new Refused(400, "only origin-form targets are relayed");
        }
        List<ClientRequest.Field> fields = new ArrayList<>();
        long contentLength = -1;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon)) || line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new Refused(400, "malformed header field");
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                throw new Refused(400, "control character in a header field");
            }
            if (name.equalsIgnoreCase("Transfer-Encoding")) {
                throw new Refused(501, "Transfer-Encoding on a relayed connection is not supported");
            }
            if (name.equalsIgnoreCase("Content-Length")) {
                if (contentLength >= 0 || value.isEmpty() || value.length() > 15
                        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new Refused(400, "invalid Content-Length");
                }
                contentLength = Long.parseLong(value);
            }
            fields.add(new ClientRequest.Field(name, value));
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        ClientRequest request = new ClientRequest(requestLine[0], target, path, query, version, fields, new byte[0]);
        return new Head(request, end + 4 - from, Math.max(0, contentLength));
    }

    /** The head split at each CRLF; a bare CR or LF stays inside its line, where the checks refuse it. */
    private static List<String> lines(String head) {
        List<String> out = new ArrayList<>(16);
        int from = 0;
        for (int crlf; (crlf = head.indexOf("\r\n", from)) >= 0; from = crlf + 2) {
            out.add(head.substring(from, crlf));
        }
        out.add(head.substring(from));
        return out;
    }

    /** Index of the CRLF CRLF ending a head, or -1. */
    private static int indexOfBlankLine(byte[] buf, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
