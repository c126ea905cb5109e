package io.throng.mongrel.wire;

import io.throng.net.codec.MalformedFrameException;

/**
 * A message that does not follow the Mongrel2 wire grammar. The message says what was expected and
 * at which byte offset, so a log line is enough to find the broken peer. A tnetstring inside a message
 * that is malformed raises the codec's own {@link MalformedFrameException}, this class's parent: catch
 * that to handle both.
 */
public final class WireFormatException extends MalformedFrameException {

    public WireFormatException(String message, int offset) {
        super(message, offset);
    }

    public WireFormatException(String message, int offset, Throwable cause) {
        super(message, offset, cause);
    }
}
