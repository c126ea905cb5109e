package io.throng.websocket;

import io.throng.websocket.codec.CloseCodes;

/** What a send does when the connection's outbound queue is full (see the package documentation). */
public enum OverflowPolicy {
    /** Drop the new message; the connection stays open. For feeds where a later message supersedes. */
    DROP(0),
    /** Fail the connection with 1008 (policy violation). */
    CLOSE_POLICY_VIOLATION(CloseCodes.POLICY_VIOLATION),
    /** Fail the connection with 1013 (try again later): the client may reconnect and catch up. */
    CLOSE_TRY_AGAIN_LATER(CloseCodes.TRY_AGAIN_LATER);

    private final int closeCode;

    OverflowPolicy(int closeCode) {
        this.closeCode = closeCode;
    }

    /** The close code this policy fails the connection with; 0 for {@link #DROP}. */
    public int closeCode() {
        return closeCode;
    }
}
