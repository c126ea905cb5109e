package io.throng.mongrel.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One request message: {@code UUID ID PATH SIZE:HEADERS,SIZE:BODY,}. Besides HTTP requests this carries
 * WebSocket handshakes ({@code METHOD=WEBSOCKET_HANDSHAKE}, body = the {@code Sec-WebSocket-Accept} value),
 * WebSocket frames ({@code METHOD=WEBSOCKET}, {@code FLAGS}, body = unmasked payload) and JSON socket
 * messages ({@code METHOD=JSON}, path {@code @route}).
 *
 * @param format how the headers travel; kept so a message re-encodes to the same bytes
 */
public record Request(String sender, long connectionId, String path, Headers headers, byte[] body,
                      HeaderFormat format) implements Inbound {

    public static final String METHOD_WEBSOCKET_HANDSHAKE = "WEBSOCKET_HANDSHAKE";
    public static final String METHOD_WEBSOCKET = "WEBSOCKET";

    public Request {
        MessageCodec.checkToken("sender", sender);
        MessageCodec.checkToken("path", path);
        if (connectionId < 0) {
            throw new IllegalArgumentException("connection id must not be negative: " + connectionId);
        }
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(format, "format");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public int bodyLength() {
        return body.length;
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** {@code METHOD}: GET, POST, ..., WEBSOCKET_HANDSHAKE, WEBSOCKET, JSON; empty string if missing. */
    public String method() {
        return headers.get("METHOD", "");
    }

    public boolean isWebSocketHandshake() {
        return METHOD_WEBSOCKET_HANDSHAKE.equals(method());
    }

    public boolean isWebSocketFrame() {
        return METHOD_WEBSOCKET.equals(method());
    }

    /** The WebSocket frame's first byte with FIN set ({@code FLAGS: 0x81}), if this is a frame. */
    public OptionalInt webSocketFlags() {
        return headers.first("FLAGS").map(f -> OptionalInt.of(WebSocket.parseFlags(f))).orElse(OptionalInt.empty());
    }

    /**
     * A large body Mongrel2 is writing to a temp file ({@code x-mongrel2-upload-start}): the first of two
     * messages for this request, with an empty body.
     */
    public boolean isUploadStart() {
        return headers.contains("x-mongrel2-upload-start") && !headers.contains("x-mongrel2-upload-done");
    }

    /**
     * The second message of a large upload: the temp file (relative to Mongrel2's chroot) is complete.
     * Empty unless {@code upload-start} and {@code upload-done} name the same file — a client could
     * send either header itself, so only the pair is trusted.
     */
    public java.util.Optional<String> uploadedFile() {
        java.util.Optional<String> start = headers.first("x-mongrel2-upload-start");
        java.util.Optional<String> done = headers.first("x-mongrel2-upload-done");
        return start.isPresent() && start.equals(done) ? start : java.util.Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Request r && connectionId == r.connectionId && sender.equals(r.sender)
                && path.equals(r.path) && headers.equals(r.headers) && Arrays.equals(body, r.body)
                && format == r.format;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sender, connectionId, path, headers, Arrays.hashCode(body), format);
    }

    @Override
    public String toString() {
        return "Request[" + sender + " " + connectionId + " " + method() + " " + path + ", " + body.length + " bytes]";
    }
}
