package io.throng.websocket;

import io.throng.websocket.codec.FrameEncoder;
import io.throng.websocket.codec.Opcode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One text message that many server connections send: its UTF-8 and the frame around it are encoded
 * once, by the first connection that queues it ({@link WebSocket#queueText(SharedText)}), and every
 * connection then queues a read-only view of the same bytes. A chat room's message to its N members
 * costs one {@code getBytes}, one header and one buffer, not N of each.
 *
 * <p>The shared frame is a server's: unmasked, uncompressed, one frame. A connection it does not suit (a
 * client, which masks each frame with a key of its own; one with permessage-deflate, whose compressor
 * has a context per connection; one whose fragment size is below the message's length) encodes
 * {@link #text()} itself, as for any other message, and the shared frame is not built for it.
 *
 * <p>Thread-safe. Two connections that both find it not yet encoded may both encode it; they get equal
 * bytes, and one of the two buffers is kept. So it never locks, and what it publishes is immutable.
 */
public final class SharedText {
    /** The frame, read-only (position 0; each connection queues its own {@code duplicate()}), with its payload length. */
    private record Encoded(ByteBuffer frame, int payloadLength) {}

    private final String text;
    private volatile Encoded encoded;

    public SharedText(String text) {
        this.text = Objects.requireNonNull(text);
    }

    public String text() {
        return text;
    }

    /** The encoded frame, built on the first call. */
    ByteBuffer frame() {
        return encoded().frame();
    }

    /** Bytes of UTF-8 in the frame, built on the first call. */
    int payloadLength() {
        return encoded().payloadLength();
    }

    private Encoded encoded() {
        Encoded e = encoded;
        if (e == null) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = FrameEncoder.frame(true, 0, Opcode.TEXT, ByteBuffer.wrap(utf8), false, 0);
            encoded = e = new Encoded(frame.asReadOnlyBuffer(), utf8.length);
        }
        return e;
    }

    /** Whether the frame has been built (for tests). */
    boolean isEncoded() {
        return encoded != null;
    }
}
