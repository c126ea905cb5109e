package io.throng.mongrel.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Builds the raw HTTP/1.1 response bytes a handler sends as a reply body; Mongrel2 writes them to the
 * client unchanged, so {@code Content-Length} is always set here.
 */
public final class HttpResponse {

    private HttpResponse() {}

    public static byte[] of(int status, String reason, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(128)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("content-length")) {
                checkHeader(k, v);
                head.append(k).append(": ").append(v).append("\r\n");
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** {@code 200 OK} with a {@code text/plain; charset=utf-8} body. */
    public static byte[] text(int status, String reason, String body) {
        return of(status, reason, Map.of("Content-Type", "text/plain; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] ok(String body) {
        return text(200, "OK", body);
    }

    private static void checkHeader(String name, String value) {
        if (name.isEmpty() || (name + value).chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("header would split the response: " + name);
        }
    }
}
