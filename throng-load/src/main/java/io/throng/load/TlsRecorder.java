package io.throng.load;

import org.HdrHistogram.Histogram;

/**
 * Records a producer's {@link TlsTimes} as its connections finish or fail their handshakes, for a sampler that
 * takes them once a second (or once at the end). Handshakes are rare next to requests, so a lock is cheap here.
 */
public final class TlsRecorder {
    private Histogram connect = TlsTimes.empty();
    private Histogram handshake = TlsTimes.empty();
    private final long[] failures = new long[TlsFailure.values().length];
    private boolean any;

    /** One connection up: its TCP connect and its TLS handshake took these many nanoseconds. */
    public synchronized void handshake(long connectNanos, long handshakeNanos) {
        connect.recordValue(Meter.clamp(connectNanos / 1000));
        handshake.recordValue(Meter.clamp(handshakeNanos / 1000));
        any = true;
    }

    /** One handshake failed. */
    public synchronized void failure(TlsFailure why) {
        failures[why.ordinal()]++;
        any = true;
    }

    /** What was recorded since the previous call, and starts afresh. */
    public synchronized TlsTimes take() {
        if (!any) {
            return TlsTimes.NONE;
        }
        TlsTimes t = new TlsTimes(connect, handshake, failures);
        connect = TlsTimes.empty();
        handshake = TlsTimes.empty();
        java.util.Arrays.fill(failures, 0);
        any = false;
        return t;
    }
}
