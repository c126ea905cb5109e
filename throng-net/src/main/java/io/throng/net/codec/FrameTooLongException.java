package io.throng.net.codec;

/**
 * A frame longer than its framing's limit. It is raised as soon as the length is known (a length field
 * or size prefix says so) or the limit is passed without a delimiter, before the rest is read: a hostile
 * peer costs at most the limit plus one buffer. Unless the framing was told not to fail fast, the
 * {@link FrameReader} has closed its stream.
 */
public final class FrameTooLongException extends MalformedFrameException {

    private final long length;
    private final long limit;

    /**
     * @param length the frame's length as announced or found, or {@link Long#MAX_VALUE} when the limit
     *     passed without a delimiter
     * @param limit the framing's maximum
     */
    public FrameTooLongException(long length, long limit, long offset) {
        super(length == Long.MAX_VALUE ? "no delimiter within the limit of " + limit + " bytes"
                : "frame of " + length + " bytes exceeds the limit of " + limit, offset);
        this.length = length;
        this.limit = limit;
    }

    public long length() {
        return length;
    }

    public long limit() {
        return limit;
    }
}
