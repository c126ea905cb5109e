package io.throng.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Encodes a request into the connection's scratch buffer and sends it: the head and a small body in
 * one write; a large body right after; a streamed body of unknown length as chunks, each frame in one
 * write.
 */
final class RequestWriter {
    private static final int INLINE_BODY = 8 * 1024;
    private static final int CHUNK = 8 * 1024;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private RequestWriter() {}

    static void send(PooledConnection c, ClientRequest request, boolean acceptGzip) throws IOException {
        RequestBody body = request.body();
        long length = switch (body) {
            case RequestBody.Empty e -> 0;
            case RequestBody.Bytes b -> b.bytes().length;
            case RequestBody.Streamed s -> s.length();
        };
        int n = put(c, 0, request.method());
        n = put(c, n, " ");
        n = put(c, n, target(request.uri()));
        n = put(c, n, " HTTP/1.1\r\nHost: ");
        n = put(c, n, c.origin.authority());
        n = put(c, n, "\r\n");
        for (ClientRequest.Field f : request.headers()) {
            n = put(c, n, f.name());
            n = put(c, n, ": ");
            n = put(c, n, f.value());
            n = put(c, n, "\r\n");
        }
        if (acceptGzip) {
            n = put(c, n, "Accept-Encoding: gzip\r\n");
        }
        if (length > 0 || length == 0 && hasBodySemantics(request.method())) {
            n = put(c, n, "Content-Length: ");
            n = put(c, n, Long.toString(length));
            n = put(c, n, "\r\n");
        } else if (length < 0) {
            n = put(c, n, "Transfer-Encoding: chunked\r\n");
        }
        n = put(c, n, "\r\n");
        switch (body) {
            case RequestBody.Empty e -> c.output.write(c.out, 0, n);
            case RequestBody.Bytes b when b.bytes().length <= INLINE_BODY -> {
                c.reserve(n, b.bytes().length);
                System.arraycopy(b.bytes(), 0, c.out, n, b.bytes().length);
                c.output.write(c.out, 0, n + b.bytes().length);
            }
            case RequestBody.Bytes b -> {
                c.output.write(c.out, 0, n);
                c.output.write(b.bytes());
            }
            case RequestBody.Streamed s -> {
                c.output.write(c.out, 0, n);
                try (InputStream in = s.in()) {
                    if (s.length() >= 0) {
                        copyExactly(c, in, s.length());
                    } else {
                        copyChunked(c, in);
                    }
                }
            }
        }
        c.output.flush();
    }

    /** POST and PUT announce an empty body; other methods send no framing for it (RFC 9110 8.6). */
    private static boolean hasBodySemantics(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static void copyExactly(PooledConnection c, InputStream in, long length) throws IOException {
        long left = length;
        while (left > 0) {
            int r = in.read(c.out, 0, (int) Math.min(c.out.length, left));
            if (r < 0) {
                throw new IOException("request body stream ended " + left + " bytes short of its length");
            }
            c.output.write(c.out, 0, r);
            left -= r;
        }
        if (in.read() >= 0) {
            throw new IOException("request body stream is longer than its length " + length);
        }
    }

    private static void copyChunked(PooledConnection c, InputStream in) throws IOException {
        c.reserve(0, CHUNK + 16);
        while (true) {
            // 4 hex digits + CRLF in front; the data; CRLF behind.
            int r = in.read(c.out, 6, CHUNK);
            if (r < 0) {
                c.output.write(new byte[] {'0', '\r', '\n', '\r', '\n'});
                return;
            }
            if (r == 0) {
                continue;
            }
            for (int i = 3; i >= 0; i--) {
                c.out[3 - i] = HEX[(r >>> (4 * i)) & 0xf];
            }
            c.out[4] = '\r';
            c.out[5] = '\n';
            c.out[6 + r] = '\r';
            c.out[7 + r] = '\n';
            c.output.write(c.out, 0, 8 + r);
        }
    }

    /** origin-form: the path (at least "/") and the query, as sent; non-ASCII is percent-encoded. */
    static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String t = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) > 0x7e || t.charAt(i) <= 0x20) {
                return URI.create(t).toASCIIString();
            }
        }
        return t;
    }

    private static int put(PooledConnection c, int at, String s) {
        int len = s.length();
        c.reserve(at, len);
        byte[] out = c.out;
        for (int i = 0; i < len; i++) {
            out[at + i] = (byte) s.charAt(i);
        }
        return at + len;
    }
}
