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
        Sizes.requireMaxLength(maxLength);
    }

    @Override
    public Cut cut(byte[] buf, int from, int scanned, int to) {
        TNetstrings.Header h = Sizes.complete(buf, from, to, maxLength);
        if (h == null) {
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
        return Sizes.maxBuffered(maxLength);
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
