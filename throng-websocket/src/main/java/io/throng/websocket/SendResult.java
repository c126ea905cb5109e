package io.throng.websocket;

/** The outcome of a send. A send never waits for the network, so it cannot tell whether the peer got it. */
public enum SendResult {
    /** In the outbound queue; it will be written unless the connection fails first. */
    QUEUED,
    /** The queue was full and the policy is {@link OverflowPolicy#DROP}: this message is lost. */
    DROPPED,
    /** The connection is closing or closed (perhaps just now, by the overflow policy): not sent. */
    CLOSED
}
