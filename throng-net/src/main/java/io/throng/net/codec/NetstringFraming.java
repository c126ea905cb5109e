package io.throng.net.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * D. J. Bernstein's netstrings, {@code SIZE:DATA,}: the frame is DATA. A SIZE over {@code maxLength} is
 * refused as soon as its ':' arrives, before any of DATA is read. A netstring is a tnetstring of type
 * ',', so the size is parsed by {@link TNetstrings#header}.
 */
public record NetstringFraming(int maxLength) implements Framing {

    public NetstringFraming {
        if (maxLength < 0 || maxLength > 999_999_999) {
            throw new IllegalArgumentException("maxLength must be 0 to 999999999 (nine size digits): " + maxLength);
        }
    }

    @Override
    public Cut cut(byte[] buf, int from, int scanned, int to) {
        TNetstrings.Header h = Sizes.checked(buf, from, to, maxLength);
        if (h == null || h.start() + h.size() >= to) {
            return null;
        }
        int end = h.start() + (int) h.size();
        if (buf[end] != ',') {
            throw new MalformedFrameException("netstring ends with '" + (char) (buf[end] & 0xff) + "', not ','", end - from);
        }
        return new Cut(h.start(), end, end + 1);
    }

    @Override
    public int maxBuffered() {
        return maxLength + TNetstrings.MAX_SIZE_DIGITS + 2;
    }

    @Override
    public ByteBuffer[] encode(ByteBuffer payload) {
        if (payload.remaining() > maxLength) {
            throw new IllegalArgumentException("netstring of " + payload.remaining() + " bytes exceeds " + maxLength);
        }
        byte[] size = (payload.remaining() + ":").getBytes(StandardCharsets.US_ASCII);
        return new ByteBuffer[] {ByteBuffer.wrap(size), payload.duplicate(), ByteBuffer.wrap(new byte[] {','})};
    }
}
