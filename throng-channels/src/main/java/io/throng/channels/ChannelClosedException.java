package io.throng.channels;

/**
 * A send on a closed channel, a close of a closed channel, or a close of the nil channel: the
 * programming errors that make Go panic. Receiving from a closed channel is not an error and never
 * throws this from {@link Channel#receive()}.
 */
public final class ChannelClosedException extends IllegalStateException {
    public ChannelClosedException(String message) {
        super(message);
    }
}
