package io.throng.packet.probe;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The end of a ping run: requests sent, distinct replies, duplicate replies, error messages for our
 * requests (time exceeded, unreachable), replies that came after a later request's reply, the run's
 * length, and the round-trip times of the distinct replies (min, mean, max and mean deviation, in
 * nanoseconds; zero without replies).
 */
public record PingStatistics(long transmitted, long received, long duplicates, long errors, long outOfOrder, long elapsedNanos,
        long minNanos, double avgNanos, long maxNanos, double mdevNanos) {

    /** The share of requests without a reply, in percent (0 when nothing was sent). */
    public double lossPercent() {
        return transmitted == 0 ? 0 : (transmitted - received) * 100.0 / transmitted;
    }

    /** The closing lines as iputils' ping prints them, after {@code --- HOST ping statistics ---}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        StringBuilder s = new StringBuilder().append(transmitted).append(" packets transmitted, ").append(received).append(" received");
        if (duplicates > 0) {
            s.append(", +").append(duplicates).append(" duplicates");
        }
        if (errors > 0) {
            s.append(", +").append(errors).append(" errors");
        }
        if (outOfOrder > 0) {
            s.append(", +").append(outOfOrder).append(" out of order");
        }
        s.append(", ").append(percent(lossPercent())).append("% packet loss, time ").append(elapsedNanos / 1_000_000).append("ms");
        lines.add(s.toString());
        if (received > 0) {
            lines.add(String.format(Locale.ROOT, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms",
                    minNanos / 1e6, avgNanos / 1e6, maxNanos / 1e6, mdevNanos / 1e6));
        }
        return lines;
    }

    // C's %g as iputils prints the loss: six significant digits, no trailing zeros (50, 33.3333, 100)
    private static String percent(double p) {
        return new BigDecimal(p).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
