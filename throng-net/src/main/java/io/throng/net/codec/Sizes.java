package io.throng.net.codec;

/** The size prefix both netstring framings share: parsed by {@link TNetstrings#header}, held to a limit. */
final class Sizes {
    private Sizes() {}

    /** The header, or null while the size is unfinished; too long a size fails before DATA is read. */
    static TNetstrings.Header checked(byte[] buf, int from, int to, int maxLength) {
        TNetstrings.Header h = TNetstrings.header(buf, from, to);
        if (h != null && h.size() > maxLength) {
            throw new FrameTooLongException(h.size(), maxLength, 0);
        }
        return h;
    }
}
