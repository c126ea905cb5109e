package io.throng.net.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Frames ended by a delimiter of one or more bytes (Netty's {@code DelimiterBasedFrameDecoder} with one
 * delimiter): the frame is what comes before it. A frame longer than {@code maxLength} is refused as soon
 * as that many bytes have come without the delimiter.
 */
public record DelimiterFraming(byte[] delimiter, int maxLength) implements Framing {

    public DelimiterFraming {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("empty delimiter");
        }
        if (maxLength < 1 || maxLength > Integer.MAX_VALUE - delimiter.length) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        delimiter = delimiter.clone();
    }

    @Override
    public byte[] delimiter() {
        return delimiter.clone();
    }

    @Override
    public Cut cut(byte[] buf, int from, int scanned, int to) {
        int d = delimiter.length;
        for (int i = Math.max(from, scanned - d + 1); i <= to - d; i++) {
            if (Arrays.equals(buf, i, i + d, delimiter, 0, d)) {
                if (i - from > maxLength) {
                    throw new FrameTooLongException(i - from, maxLength, maxLength);
                }
                return new Cut(from, i, i + d);
            }
        }
        // No delimiter yet: once more than maxLength + d - 1 bytes are here, any frame found later is too long.
        if (to - from > maxLength + d - 1) {
            throw new FrameTooLongException(Long.MAX_VALUE, maxLength, maxLength);
        }
        return null;
    }

    @Override
    public int maxBuffered() {
        return maxLength + delimiter.length;
    }

    @Override
    public ByteBuffer[] encode(ByteBuffer payload) {
        check(payload);
        return new ByteBuffer[] {payload.duplicate(), ending()};
    }

    /** Throws IllegalArgumentException if {@code payload} cannot be one frame (see {@link #encode}). */
    void check(ByteBuffer payload) {
        if (payload.remaining() > maxLength) {
            throw new IllegalArgumentException("frame of " + payload.remaining() + " bytes exceeds " + maxLength);
        }
        int d = delimiter.length;
        for (int i = payload.position(); i <= payload.limit() - d; i++) {
            if (payload.slice(i, d).equals(ByteBuffer.wrap(delimiter))) {
                throw new IllegalArgumentException("the frame contains the delimiter (at byte " + (i - payload.position()) + ")");
            }
        }
    }

    /** A buffer of its own holding the delimiter, for a writer to send after each frame. */
    ByteBuffer ending() {
        return ByteBuffer.wrap(delimiter).asReadOnlyBuffer();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DelimiterFraming f && Arrays.equals(delimiter, f.delimiter) && maxLength == f.maxLength;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(delimiter) * 31 + maxLength;
    }

    @Override
    public String toString() {
        return "DelimiterFraming[delimiter=" + Arrays.toString(delimiter) + ", maxLength=" + maxLength + "]";
    }
}
