package io.throng.net.codec;

import java.nio.ByteBuffer;

/**
 * Lines ended by {@code \n} or {@code \r\n}, as Netty's {@code LineBasedFrameDecoder} and Twisted's
 * {@code LineReceiver} read them: the frame is the line without its ending. A line longer than
 * {@code maxLength} (not counting the ending) is refused as soon as that many bytes have come without an
 * ending. Writing appends {@code \r\n} if {@code crlf}, else {@code \n}.
 */
public record LineFraming(int maxLength, boolean crlf) implements Framing {

    private static final ByteBuffer LF = ByteBuffer.wrap(new byte[] {'\n'}).asReadOnlyBuffer();
    private static final ByteBuffer CRLF = ByteBuffer.wrap(new byte[] {'\r', '\n'}).asReadOnlyBuffer();

    public LineFraming {
        if (maxLength < 1 || maxLength > Integer.MAX_VALUE - 2) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
    }

    /** Lines of at most {@code maxLength} bytes, written with {@code \n}. */
    public static LineFraming of(int maxLength) {
        return new LineFraming(maxLength, false);
    }

    @Override
    public Cut cut(byte[] buf, int from, int scanned, int to) {
        int lf = indexOf(buf, Math.max(from, scanned), to, (byte) '\n');
        if (lf < 0) {
            int buffered = to - from;
            // One byte more than the limit is still fine if it is the '\r' of a "\r\n" yet to come.
            if (buffered > maxLength + 1 || buffered == maxLength + 1 && buf[to - 1] != '\r') {
                throw new FrameTooLongException(Long.MAX_VALUE, maxLength, maxLength);
            }
            return null;
        }
        int end = lf > from && buf[lf - 1] == '\r' ? lf - 1 : lf;
        if (end - from > maxLength) {
            throw new FrameTooLongException(end - from, maxLength, maxLength);
        }
        return new Cut(from, end, lf + 1);
    }

    @Override
    public int maxBuffered() {
        return maxLength + 2;
    }

    @Override
    public ByteBuffer[] encode(ByteBuffer payload) {
        if (payload.remaining() > maxLength) {
            throw new IllegalArgumentException("line of " + payload.remaining() + " bytes exceeds " + maxLength);
        }
        for (int i = payload.position(); i < payload.limit(); i++) {
            if (payload.get(i) == '\n') {
                throw new IllegalArgumentException("a line cannot contain '\\n' (at byte " + (i - payload.position()) + ")");
            }
        }
        return new ByteBuffer[] {payload.duplicate(), (crlf ? CRLF : LF).duplicate()};
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
