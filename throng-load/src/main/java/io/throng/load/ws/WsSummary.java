package io.throng.load.ws;

import io.throng.load.Interval;
import io.throng.load.LoadReport;
import io.throng.load.LoadShape;
import io.throng.load.Summary;
import java.util.List;
import java.util.Locale;

/** The human-readable summary and progress line of a WebSocket load, in messages rather than requests. */
public final class WsSummary {

    /** Multi-line summary: what was measured, messages per second, latency percentiles, losses and errors. */
    public static String render(WsWorkload w, LoadReport r, List<String> violations) {
        StringBuilder sb = new StringBuilder();
        LoadShape s = r.shape();
        boolean echo = w.mode() == WsWorkload.Mode.ECHO;
        sb.append("target       ").append(r.target()).append('\n');
        sb.append("model        ").append(s.open()
                ? String.format(Locale.ROOT, "open, %.0f msg/s sent on a schedule (latency from intended send time)", s.rate())
                : echo ? "closed (each connection sends when its previous echo arrived)"
                        : "closed (each sender sends when its previous message came back to it)").append('\n');
        sb.append(String.format(Locale.ROOT, "load         %d %s%s, %d in flight each, %d procs%n",
                s.connections(), echo ? "connections" : "receivers",
                echo ? "" : " + " + w.senders() + " sender" + (w.senders() == 1 ? "" : "s"),
                s.pipeline(), s.procs()));
        Summary.appendConnects(sb, r.connects(), "when measuring began; every attempt had ended");
        sb.append(String.format(Locale.ROOT, "duration     %.2fs%n", r.elapsedNanos() / 1e9));
        sb.append(String.format(Locale.ROOT, "%-12s %d  (%.1f msg/s, %.2f MB/s in)%n", echo ? "echoes" : "delivered",
                r.completed(), r.requestsPerSecond(), r.bytes() / 1e6 / Math.max(1e-9, r.elapsedNanos() / 1e9)));
        sb.append("latency      ").append(Summary.percentiles(r.latency()))
                .append(echo ? "  (round trip)" : "  (send to delivery)").append('\n');
        Summary.appendUncorrected(sb, r);
        if (r.unanswered() > 0) {
            sb.append(echo ? "unanswered   " : "lost         ").append(r.unanswered()).append(echo
                    ? "  (echoes outstanding when the run ended: not in the latency figures)\n"
                    : "  (deliveries skipped in a sender's sequence)\n");
        }
        Summary.appendErrors(sb, r.errorCount(), r.errorsByKind());
        Summary.appendVerdict(sb, violations);
        return sb.toString();
    }

    /** One line for a terminal, rewritten every second. */
    public static String progress(Interval i) {
        return Summary.progress(i, "msg/s");
    }

    private WsSummary() {}
}
