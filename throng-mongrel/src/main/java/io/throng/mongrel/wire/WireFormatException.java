package io.throng.mongrel.wire;

/**
 * A message that does not follow the Mongrel2 wire grammar. The message says what was expected and
 * at which byte offset, so a log line is enough to find the broken peer.
 */
public final class WireFormatException extends RuntimeException {

    private final int offset;

    public WireFormatException(String message, int offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    public WireFormatException(String message, int offset, Throwable cause) {
        super(message + " (at byte " + offset + ")", cause);
        this.offset = offset;
    }

    /** Byte offset in the message where decoding stopped. */
    public int offset() {
        return offset;
    }
}
