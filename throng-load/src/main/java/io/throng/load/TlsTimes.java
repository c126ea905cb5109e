package io.throng.load;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a load's TLS connections cost and how they failed, over the whole run (first connects and reconnects):
 * the TCP connect and the TLS handshake of every connection that finished its handshake, each in its own
 * histogram (microseconds) so the report can show them apart, and the failed handshakes by {@link TlsFailure}.
 * Histograms add up exactly across loops and processes.
 *
 * @param connect microseconds from the connect call to the TCP connection being up
 * @param handshake microseconds from the TCP connection being up to the TLS handshake's end
 * @param failures failed handshakes by {@link TlsFailure#ordinal()}
 */
public record TlsTimes(Histogram connect, Histogram handshake, long[] failures) {

    /** Nothing measured: plain connections, or no TLS connection tried yet. */
    public static final TlsTimes NONE = new TlsTimes(null, null, null);

    public TlsTimes {
        connect = connect == null ? empty() : connect;
        handshake = handshake == null ? empty() : handshake;
        failures = failures == null ? new long[TlsFailure.values().length] : failures.clone();
    }

    static Histogram empty() {
        return new Histogram(1, Meter.HIGHEST_MICROS, 3);
    }

    /** The sum of two producers' figures; neither is changed. */
    public TlsTimes plus(TlsTimes o) {
        if (o.none()) {
            return this;
        }
        if (none()) {
            return o;
        }
        Histogram c = connect.copy();
        c.add(o.connect);
        Histogram h = handshake.copy();
        h.add(o.handshake);
        long[] f = failures.clone();
        for (int i = 0; i < f.length; i++) {
            f[i] += o.failures[i];
        }
        return new TlsTimes(c, h, f);
    }

    /** Handshakes that finished. */
    public long handshakes() {
        return handshake.getTotalCount();
    }

    /** Handshakes that failed, whatever the reason. */
    public long failureCount() {
        long n = 0;
        for (long f : failures) {
            n += f;
        }
        return n;
    }

    /** True when no TLS connection was tried. */
    public boolean none() {
        return handshakes() == 0 && failureCount() == 0;
    }

    /** Failed handshakes by {@link TlsFailure#label()}, only the kinds that occurred. */
    public Map<String, Long> failuresByKind() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (TlsFailure f : TlsFailure.values()) {
            if (failures[f.ordinal()] > 0) {
                m.put(f.label(), failures[f.ordinal()]);
            }
        }
        return m;
    }

    @Override
    public long[] failures() {
        return failures.clone();
    }
}
