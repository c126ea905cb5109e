package io.throng.load;

import org.HdrHistogram.Histogram;

/**
 * Records a producer's {@link TlsTimes} as its connections finish or fail their handshakes, for a sampler that
 * takes them once a second (or once at the end). Handshakes are rare next to requests, so a lock is cheap here.
 * The histograms (about 190 KB each) are made at the first handshake: a plain http:// or ws:// run has none.
 */
public final class TlsRecorder {
    private Histogram connect;
    private Histogram handshake;
    private final long[] failures = new long[TlsFailure.values().length];
    private boolean any;

    /** One connection up: its TCP connect and its TLS handshake took these many nanoseconds. */
    public synchronized void handshake(long connectNanos, long handshakeNanos) {
        if (connect == null) {
            connect = TlsTimes.empty();
            handshake = TlsTimes.empty();
        }
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
        TlsTimes t = new TlsTimes(connect, handshake, failures); // null histograms: empty ones
        connect = null;
        handshake = null;
        java.util.Arrays.fill(failures, 0);
        any = false;
        return t;
    }
}
