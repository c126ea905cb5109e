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
        int lf = ByteSearch.indexOf(buf, Math.max(from, scanned), to, (byte) '\n');
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
        check(payload);
        return new ByteBuffer[] {payload.duplicate(), ending()};
    }

    /** Throws IllegalArgumentException if {@code payload} cannot be one line (see {@link #encode}). */
    void check(ByteBuffer payload) {
        if (payload.remaining() > maxLength) {
            throw new IllegalArgumentException("line of " + payload.remaining() + " bytes exceeds " + maxLength);
        }
        int at = lineFeedIn(payload);
        if (at >= 0) {
            throw new IllegalArgumentException("a line cannot contain '\\n' (at byte " + at + ")");
        }
    }

    /** A buffer of its own holding the line ending, for a writer to send after each line. */
    ByteBuffer ending() {
        return (crlf ? CRLF : LF).duplicate();
    }

    /** Where the first {@code \n} is in what remains of {@code payload}, counted from its position; else -1. */
    private static int lineFeedIn(ByteBuffer payload) {
        if (payload.hasArray()) {
            int start = payload.arrayOffset() + payload.position();
            int i = ByteSearch.indexOf(payload.array(), start, payload.arrayOffset() + payload.limit(), (byte) '\n');
            return i < 0 ? -1 : i - start;
        }
        for (int i = payload.position(); i < payload.limit(); i++) {
            if (payload.get(i) == '\n') {
                return i - payload.position();
            }
        }
        return -1;
    }
}
