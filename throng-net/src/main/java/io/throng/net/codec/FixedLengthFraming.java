package io.throng.net.codec;

import java.nio.ByteBuffer;

/** Frames of exactly {@code length} bytes each (Netty's {@code FixedLengthFrameDecoder}). */
public record FixedLengthFraming(int length) implements Framing {

    public FixedLengthFraming {
        if (length < 1) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
    }

    @Override
    public Cut cut(byte[] buf, int from, int scanned, int to) {
        return to - from >= length ? new Cut(from, from + length, from + length) : null;
    }

    @Override
    public int maxBuffered() {
        return length;
    }

    @Override
    public ByteBuffer[] encode(ByteBuffer payload) {
        if (payload.remaining() != length) {
            throw new IllegalArgumentException("frame of " + payload.remaining() + " bytes, not " + length);
        }
        return new ByteBuffer[] {payload.duplicate()};
    }
}
