package io.throng.net.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Frames whose length is a binary field in their header, with the parameters of Netty's
 * {@code LengthFieldBasedFrameDecoder}, same names and same meaning:
 *
 * <ul>
 *   <li>{@code lengthFieldOffset}: header bytes before the field;</li>
 *   <li>{@code lengthFieldLength}: the field's width, 1, 2, 3, 4 or 8 bytes, unsigned, in {@code order};</li>
 *   <li>{@code lengthAdjustment}: added to the field's value to give the bytes that follow the field
 *       (negative when the value counts the header too);</li>
 *   <li>{@code initialBytesToStrip}: bytes dropped from the front of the frame handed to the reader;</li>
 *   <li>{@code maxFrameLength}: the most bytes a whole frame (header included) may have;</li>
 *   <li>{@code failFast}: raise as soon as the field announces too much and end the stream (the default),
 *       or skip the whole oversized frame without buffering it, then raise and go on with the next.</li>
 * </ul>
 *
 * A whole frame is {@code lengthFieldOffset + lengthFieldLength + value + lengthAdjustment} bytes.
 * Writing is the inverse of reading with nothing stripped: {@link #encode} takes the frame without its
 * length field (the first {@code lengthFieldOffset} bytes are the header before it) and inserts the field.
 */
public record LengthFieldFraming(int maxFrameLength, int lengthFieldOffset, int lengthFieldLength,
                                 int lengthAdjustment, int initialBytesToStrip, ByteOrder order, boolean failFast)
        implements Framing {

    public LengthFieldFraming {
        switch (lengthFieldLength) {
            case 1, 2, 3, 4, 8 -> { }
            default -> throw new IllegalArgumentException("lengthFieldLength must be 1, 2, 3, 4 or 8: " + lengthFieldLength);
        }
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
        if (lengthFieldOffset < 0 || initialBytesToStrip < 0) {
            throw new IllegalArgumentException("lengthFieldOffset and initialBytesToStrip must not be negative");
        }
        if (lengthFieldOffset > maxFrameLength - lengthFieldLength) {
            throw new IllegalArgumentException("the length field ends past maxFrameLength (" + maxFrameLength + ")");
        }
        if (order == null) {
            throw new NullPointerException("order");
        }
    }

    /** Big-endian and failing fast, as Netty's five-argument constructor. */
    public static LengthFieldFraming of(int maxFrameLength, int lengthFieldOffset, int lengthFieldLength,
                                        int lengthAdjustment, int initialBytesToStrip) {
        return new LengthFieldFraming(maxFrameLength, lengthFieldOffset, lengthFieldLength, lengthAdjustment,
                initialBytesToStrip, ByteOrder.BIG_ENDIAN, true);
    }

    public LengthFieldFraming withOrder(ByteOrder order) {
        return new LengthFieldFraming(maxFrameLength, lengthFieldOffset, lengthFieldLength, lengthAdjustment,
                initialBytesToStrip, order, failFast);
    }

    public LengthFieldFraming withFailFast(boolean failFast) {
        return new LengthFieldFraming(maxFrameLength, lengthFieldOffset, lengthFieldLength, lengthAdjustment,
                initialBytesToStrip, order, failFast);
    }

    @Override
    public Cut cut(byte[] buf, int from, int scanned, int to) {
        int fieldEnd = lengthFieldOffset + lengthFieldLength;
        if (to - from < fieldEnd) {
            return null;
        }
        long value = field(buf, from + lengthFieldOffset);
        if (value < 0) {
            throw new MalformedFrameException("negative length field: " + value, lengthFieldOffset);
        }
        long frameLength = value + lengthAdjustment + fieldEnd; // no overflow: value < 2^63, the rest is int
        if (frameLength < fieldEnd) {
            throw new MalformedFrameException("adjusted frame length " + frameLength
                    + " is less than the length field's end " + fieldEnd, lengthFieldOffset);
        }
        if (frameLength > maxFrameLength) {
            throw new FrameTooLongException(frameLength, maxFrameLength, lengthFieldOffset);
        }
        if (initialBytesToStrip > frameLength) {
            throw new MalformedFrameException("initialBytesToStrip " + initialBytesToStrip
                    + " exceeds the frame length " + frameLength, lengthFieldOffset);
        }
        if (to - from < frameLength) {
            return null;
        }
        int end = from + (int) frameLength;
        return new Cut(from + initialBytesToStrip, end, end);
    }

    private long field(byte[] buf, int at) {
        long v = 0;
        for (int i = 0; i < lengthFieldLength; i++) {
            int b = order == ByteOrder.BIG_ENDIAN ? buf[at + i] : buf[at + lengthFieldLength - 1 - i];
            v = v << 8 | (b & 0xff);
        }
        return v;
    }

    @Override
    public int maxBuffered() {
        return maxFrameLength;
    }

    @Override
    public ByteBuffer[] encode(ByteBuffer payload) {
        int n = payload.remaining();
        if (n < lengthFieldOffset) {
            throw new IllegalArgumentException("frame of " + n + " bytes is shorter than the header before the length field");
        }
        long value = (long) n - lengthFieldOffset - lengthAdjustment;
        long total = (long) n + lengthFieldLength;
        if (value < 0 || lengthFieldLength < 8 && value >= 1L << (8 * lengthFieldLength)) {
            throw new IllegalArgumentException("length " + value + " does not fit a " + lengthFieldLength + "-byte field");
        }
        if (total > maxFrameLength) {
            throw new IllegalArgumentException("frame of " + total + " bytes exceeds " + maxFrameLength);
        }
        byte[] field = new byte[lengthFieldLength];
        for (int i = 0; i < lengthFieldLength; i++) {
            byte b = (byte) (value >>> (8 * (lengthFieldLength - 1 - i)));
            field[order == ByteOrder.BIG_ENDIAN ? i : lengthFieldLength - 1 - i] = b;
        }
        ByteBuffer header = payload.slice(payload.position(), lengthFieldOffset);
        ByteBuffer rest = payload.slice(payload.position() + lengthFieldOffset, n - lengthFieldOffset);
        return new ByteBuffer[] {header, ByteBuffer.wrap(field), rest};
    }
}
