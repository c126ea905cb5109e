package io.throng.net.codec;

import java.nio.ByteBuffer;

/**
 * A stream of tnetstrings, {@code SIZE:DATA TYPE} one after another: the frame is the whole element,
 * for {@link TNetstrings#decode}. A SIZE over {@code maxLength} is refused as soon as its ':' arrives.
 * Only the outer element is checked here (its size and its type byte); decoding checks the rest.
 */
public record TNetstringFraming(int maxLength) implements Framing {

    public TNetstringFraming {
        Sizes.requireMaxLength(maxLength);
    }

    @Override
    public Cut cut(byte[] buf, int from, int scanned, int to) {
        TNetstrings.Header h = Sizes.complete(buf, from, to, maxLength);
        if (h == null) {
            return null;
        }
        int end = h.start() + (int) h.size();
        if (",#^!~]}".indexOf(buf[end]) < 0) {
            throw new MalformedFrameException("unknown tnetstring type byte " + (buf[end] & 0xff), end - from);
        }
        return new Cut(from, end + 1, end + 1);
    }

    @Override
    public int maxBuffered() {
        return Sizes.maxBuffered(maxLength);
    }

    /** {@code payload} must be one whole tnetstring ({@link TNetstrings#encode}); it is checked, then sent as is. */
    @Override
    public ByteBuffer[] encode(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(payload.position(), bytes);
        TNetstrings.Span span;
        try {
            span = TNetstrings.span(bytes, 0, bytes.length);
        } catch (MalformedFrameException e) {
            throw new IllegalArgumentException("not a tnetstring: " + e.getMessage(), e);
        }
        if (span.end() != bytes.length - 1) {
            throw new IllegalArgumentException("not one whole tnetstring: " + bytes.length + " bytes");
        }
        if (span.end() - span.start() > maxLength) {
            throw new IllegalArgumentException("tnetstring of " + (span.end() - span.start()) + " bytes exceeds " + maxLength);
        }
        return new ByteBuffer[] {ByteBuffer.wrap(bytes)};
    }
}
