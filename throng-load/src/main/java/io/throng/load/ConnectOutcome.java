package io.throng.load;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

/**
 * Where one connection (or chat user) the run asked for stands: the buckets of {@link Connects}, for every load
 * kind. Engines keep the latest failure of a connection in it and count their connections into a
 * {@link Connects.Counter} when the kind's rule says so.
 */
public enum ConnectOutcome {
    /** Established (each kind says when: open as measuring began, or joined at least once). */
    HELD,
    /** The server refused the TCP connection. */
    REFUSED,
    /** The connect (plus handshake) took longer than the timeout. */
    TIMED_OUT,
    /** Failed otherwise: reset, rejected upgrade, protocol error, local I/O error. */
    FAILED,
    /** Never tried. */
    NOT_STARTED,
    /** Still connecting when the count was taken. */
    PENDING;

    /** The bucket of a failed connect: a timeout, a refusal, or anything else. */
    public static ConnectOutcome ofFailure(Exception e) {
        return e instanceof SocketTimeoutException ? TIMED_OUT : e instanceof ConnectException ? REFUSED : FAILED;
    }
}
