package io.throng.net.codec;

import java.nio.ByteBuffer;

/**
 * How frames are cut out of a byte stream and put into one: one record per framing, each holding its
 * parameters and its whole rule, read and write. A {@link FrameReader} owns the buffer and the reads; a
 * framing only looks at the bytes buffered so far and says where the first frame is, that it needs more
 * bytes, or that the bytes are wrong.
 */
public sealed interface Framing
        permits LineFraming, DelimiterFraming, FixedLengthFraming, LengthFieldFraming, NetstringFraming,
                TNetstringFraming {

    /**
     * Where the first frame lies in the buffer: its bytes are {@code [start, end)} and the next frame
     * begins at {@code next} (past a delimiter, a terminator or stripped bytes).
     */
    record Cut(int start, int end, int next) {}

    /**
     * Finds the first frame in {@code buf[from, to)}, where {@code from} is where the frame begins.
     *
     * @param scanned bytes {@code [from, scanned)} were offered before and held no complete frame, so a
     *     framing that searches for a delimiter resumes there instead of rescanning a long line
     * @return the frame, or null if more bytes are needed
     * @throws FrameTooLongException as soon as the frame is known to exceed the limit
     * @throws MalformedFrameException if the bytes cannot begin a frame (offsets counted from {@code from})
     */
    Cut cut(byte[] buf, int from, int scanned, int to);

    /** The most bytes a reader ever buffers for one frame: the limit plus headers and delimiters. */
    int maxBuffered();

    /**
     * The bytes that carry {@code payload} as one frame, to be written in order with one gathering write.
     * The payload's bytes are not copied, and its position is not moved.
     *
     * @throws IllegalArgumentException if the payload cannot be one frame (too long for the limit a reader
     *     with the same framing enforces, or it contains the delimiter)
     */
    ByteBuffer[] encode(ByteBuffer payload);

    /**
     * True (the default) if a frame over the limit ends the stream at once. Only a
     * {@link LengthFieldFraming} may say false: its reader then skips the oversized frame (never buffering
     * it) before raising {@link FrameTooLongException}, and the stream goes on with the next frame.
     */
    default boolean failFast() {
        return true;
    }
}
