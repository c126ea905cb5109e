package io.throng.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The human-readable summary printed at the end of a run, and the live progress line. */
public final class Summary {

    /** Multi-line summary in the spirit of wrk2's {@code --latency} output. */
    public static String render(LoadReport r, List<String> violations) {
        StringBuilder sb = new StringBuilder();
        LoadShape s = r.shape();
        sb.append("target       ").append(r.target()).append('\n');
        sb.append("model        ").append(s.open()
                ? String.format(Locale.ROOT, "open, %.0f req/s scheduled (latency from intended send time)", s.rate())
                : "closed (each connection sends when its previous response arrived)").append('\n');
        sb.append(String.format(Locale.ROOT, "load         %d connections, %d threads x %d procs, pipeline %d%n",
                s.connections(), s.threads(), s.procs(), s.pipeline()));
        appendConnects(sb, r.connects(), "when measuring began; the rest keep trying");
        sb.append(String.format(Locale.ROOT, "duration     %.2fs%n", r.elapsedNanos() / 1e9));
        sb.append(String.format(Locale.ROOT, "requests     %d  (%.1f req/s, %.2f MB/s in)%n", r.completed(),
                r.requestsPerSecond(), r.bytes() / 1e6 / Math.max(1e-9, r.elapsedNanos() / 1e9)));
        sb.append("latency      ").append(percentiles(r.latency())).append('\n');
        appendUncorrected(sb, r);
        if (r.unanswered() > 0) {
            sb.append("unanswered   ").append(r.unanswered())
                    .append("  (in flight or due when the run ended: not in the latency figures)\n");
        }
        appendErrors(sb, r.errorCount(), r.errorsByKind());
        appendVerdict(sb, violations);
        return sb.toString();
    }

    /** {@code p50 1.2ms  p90 ...  max ...  mean ...} of a microsecond histogram. */
    public static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "(no responses)";
        }
        return "p50 " + Durations.micros(h.getValueAtPercentile(50))
                + "  p90 " + Durations.micros(h.getValueAtPercentile(90))
                + "  p99 " + Durations.micros(h.getValueAtPercentile(99))
                + "  p99.9 " + Durations.micros(h.getValueAtPercentile(99.9))
                + "  max " + Durations.micros(h.getMaxValue())
                + "  mean " + Durations.micros(h.getMean());
    }

    /** One line for a terminal, rewritten every second. */
    public static String progress(Interval i) {
        return progress(i, "req/s");
    }

    /** The progress line counting in {@code rate} units ({@code req/s}, {@code msg/s}). */
    public static String progress(Interval i, String rate) {
        return String.format(Locale.ROOT, "%4ds  %6d conns  %9d %s  p99 %-9s errors %d", i.second() + 1,
                i.connections(), i.requests(), rate, Durations.micros(i.p99Micros()), i.errors());
    }

    /**
     * The uncorrected latency line, shown only for the open model: closed-model latency is already measured
     * from the actual send time, so the line would repeat the one above it.
     */
    public static void appendUncorrected(StringBuilder sb, LoadReport r) {
        if (r.shape().open()) {
            sb.append("uncorrected  ").append(percentiles(r.uncorrected()))
                    .append("  (from actual send time: what coordinated omission would show)\n");
        }
    }

    /**
     * The {@code connects} line: the connections asked for, held, and why the rest are not, adding up to the number
     * asked; {@code when} says when the count was taken. Absent when nothing was counted.
     */
    public static void appendConnects(StringBuilder sb, Connects c, String when) {
        if (c.asked() > 0) {
            sb.append("connects     ").append(c.describe()).append("  (").append(when).append(")\n");
            if (c.handshakes().total() > 0) {
                sb.append("handshakes   ").append(c.handshakes().describe())
                        .append("  (TCP connect + upgrade, attempts that got an answer)\n");
            }
        }
        appendTls(sb, c.tls());
    }

    /**
     * https:// and wss://: the TLS handshake's percentiles, the TCP connect's before it, and failed handshakes by
     * reason, each with what it means. Absent for plain connections.
     */
    public static void appendTls(StringBuilder sb, TlsTimes t) {
        if (t.none()) {
            return;
        }
        sb.append("tls          ").append(t.handshakes()).append(" handshakes");
        if (t.handshakes() > 0) {
            sb.append(": ").append(percentiles(t.handshake())).append("  (TCP up to TLS done)\n");
            sb.append("tcp connect  ").append(percentiles(t.connect())).append("  (before the TLS handshake)\n");
        } else {
            sb.append('\n');
        }
        if (t.failureCount() > 0) {
            sb.append("tls failed   ").append(t.failureCount()).append(':');
            t.failuresByKind().forEach((label, n) -> sb.append(' ').append(label).append(' ').append(n).append(" (")
                    .append(TlsFailure.valueOf(label.toUpperCase(Locale.ROOT)).meaning()).append(')'));
            sb.append('\n');
        }
    }

    /** The {@code errors} line: the count, and by kind when there are any. */
    public static void appendErrors(StringBuilder sb, long count, Map<String, Long> byKind) {
        sb.append("errors       ").append(count);
        if (count > 0) {
            sb.append("  ").append(byKind);
        }
        sb.append('\n');
    }

    /** The {@code FAILED} line, present only when a threshold was missed. */
    public static void appendVerdict(StringBuilder sb, List<String> violations) {
        if (!violations.isEmpty()) {
            sb.append("FAILED       ").append(String.join("; ", violations)).append('\n');
        }
    }

    private Summary() {}
}
