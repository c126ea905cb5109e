package io.throng.net.codec;

/**
 * Bytes that do not follow a framing's grammar: a bad size, a wrong terminator, a negative length. The
 * message says what was expected and at which byte, so one log line finds the broken peer. A
 * {@link FrameReader} that throws it has closed its stream: after a malformed frame the stream's
 * boundaries are lost, and nothing after it can be trusted.
 *
 * <p>Unchecked, as a parse error of bytes already in memory is (decoding a tnetstring from a ZeroMQ
 * frame throws it too); over a stream it ends the connection like any {@link java.io.IOException}.
 */
public class MalformedFrameException extends RuntimeException {

    private final long offset;

    /** @param offset byte offset where decoding stopped: in the array decoded, or in the stream read */
    public MalformedFrameException(String message, long offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    public MalformedFrameException(String message, long offset, Throwable cause) {
        super(message + " (at byte " + offset + ")", cause);
        this.offset = offset;
    }

    /** Byte offset where decoding stopped. */
    public long offset() {
        return offset;
    }
}
