package io.throng.net.codec;

/**
 * The size prefix both netstring framings share ({@code SIZE:DATA} and a closing byte): parsed by
 * {@link TNetstrings#header}, held to a limit, and the limits' arithmetic in one place.
 */
final class Sizes {
    private Sizes() {}

    /** A limit that nine size digits can express; else the constructor's clear error. */
    static int requireMaxLength(int maxLength) {
        if (maxLength < 0 || maxLength > 999_999_999) {
            throw new IllegalArgumentException("maxLength must be 0 to 999999999 (nine size digits): " + maxLength);
        }
        return maxLength;
    }

    /** The most a reader holds for one frame: DATA, the size digits, ':' and the closing byte. */
    static int maxBuffered(int maxLength) {
        return maxLength + TNetstrings.MAX_SIZE_DIGITS + 2;
    }

    /**
     * The header of the element at {@code from} once its DATA and closing byte are all in {@code buf}
     * (the closing byte is at {@code start() + size()}), or null until then; too long a size fails before
     * DATA is read.
     */
    static TNetstrings.Header complete(byte[] buf, int from, int to, int maxLength) {
        TNetstrings.Header h = TNetstrings.header(buf, from, to);
        if (h == null) {
            return null;
        }
        if (h.size() > maxLength) {
            throw new FrameTooLongException(h.size(), maxLength, 0);
        }
        return h.start() + h.size() < to ? h : null;
    }
}
