package io.throng.http;

import java.net.SocketTimeoutException;

/**
 * The slowest one request body may arrive. The client earns waiting time: a grace period, plus one
 * second per {@code bytesPerSecond} bytes it has delivered. Only time spent blocked waiting for the
 * body is charged, so a handler that works between reads never makes its client look slow.
 *
 * <p>Why average over the whole body rather than per read: a per-read timeout is reset by every byte,
 * so it cannot tell a trickle from a pause. An average can, and it forgives a burst of slowness that
 * earlier speed paid for, as a real uplink needs.
 */
final class BodyRateFloor {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long bytesPerSecond;
    private final long graceNanos;
    private long bytes;
    private long waitedNanos;

    BodyRateFloor(long bytesPerSecond, long graceNanos) {
        this.bytesPerSecond = bytesPerSecond;
        this.graceNanos = graceNanos;
    }

    /** Starts counting a new body. */
    void reset() {
        bytes = 0;
        waitedNanos = 0;
    }

    /**
     * How long the next wait may last: what the client has earned and not yet used, at most {@code cap}.
     *
     * @throws SocketTimeoutException if the client has used it all: it is below the floor
     */
    long allowanceNanos(long capNanos) throws SocketTimeoutException {
        if (bytesPerSecond <= 0) {
            return capNanos;
        }
        long earned = bytes >= Long.MAX_VALUE / NANOS_PER_SECOND ? Long.MAX_VALUE
                : graceNanos + bytes * NANOS_PER_SECOND / bytesPerSecond;
        long left = earned - waitedNanos;
        if (left <= 0) {
            throw new SocketTimeoutException("request body slower than " + bytesPerSecond + " bytes/s");
        }
        return Math.min(capNanos, left);
    }

    /** Counts one wait: {@code n} bytes (0 or more) arrived after {@code nanos} of waiting. */
    void waited(long n, long nanos) {
        bytes += Math.max(0, n);
        waitedNanos += nanos;
    }
}
