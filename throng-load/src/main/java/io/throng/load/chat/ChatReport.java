package io.throng.load.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throng.load.Connects;
import io.throng.load.Durations;
import io.throng.load.ErrorKind;
import io.throng.load.HtmlReport;
import io.throng.load.Interval;
import io.throng.load.JsonReport;
import io.throng.load.LoadReport;
import io.throng.load.LoadShape;
import io.throng.load.Summary;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The result of a chat run: what was sent, acknowledged and delivered, delivery latency, and per room the
 * messages lost, duplicated and out of order.
 *
 * @param scenario what was run
 * @param elapsedNanos length of the run (ramp, steady phase, drain)
 * @param says {@code say} frames sent
 * @param acks {@code ack} frames received
 * @param delivered {@code message} frames received by members (each member's copy counts)
 * @param peakConnected most users connected and joined at once
 * @param errors errors by kind ({@code connect}, {@code dropped} (gone for good: reconnection off or given up),
 *     {@code protocol}, {@code server:CODE})
 * @param latency delivery latency in microseconds from each message's intended send time
 * @param uncorrected delivery latency in microseconds from the actual send time
 * @param rooms per-room accounting
 * @param timeline one entry per second ({@code requests} = deliveries)
 * @param users where the users asked for ended up at the end of the run: joined at least once ({@code held}),
 *     never joined (refused, timed out, failed: why their latest attempt failed), never tried ({@code notStarted})
 *     or still connecting when the run ended ({@code pending}); the buckets add up to {@code --users}
 * @param steadyLatency {@code latency} of the deliveries of the steady phase ({@link #steadyFromSecond} to
 *     {@link #steadyToSecond}) only: without the ramp's connect storm, which at 17,500-30,000 users on two cores
 *     decides the whole run's p99
 */
public record ChatReport(ChatScenario scenario, long elapsedNanos, long says, long acks, long delivered,
        int peakConnected, Map<String, Long> errors, Histogram latency, Histogram uncorrected, List<RoomTally> rooms,
        List<Interval> timeline, Connects users, Histogram steadyLatency) {

    /** Messages owed to a member and never received, over all rooms. */
    public long lost() {
        return rooms.stream().mapToLong(RoomTally::lost).sum();
    }

    /** Says never acknowledged (neither an ack nor an error came back before the run ended). */
    public long unacked() {
        long refused = errors.entrySet().stream().filter(e -> e.getKey().startsWith("server:"))
                .mapToLong(Map.Entry::getValue).sum();
        return Math.max(0, says - acks - refused);
    }

    public long duplicated() {
        return rooms.stream().mapToLong(RoomTally::duplicated).sum();
    }

    public long outOfOrder() {
        return rooms.stream().mapToLong(RoomTally::outOfOrder).sum();
    }

    /** Sessions resumed on a new connection after a drop. */
    public long reconnects() {
        return rooms.stream().mapToLong(RoomTally::reconnects).sum();
    }

    /** {@code gap} frames received: ranges the server said it would not replay. */
    public long gaps() {
        return rooms.stream().mapToLong(RoomTally::gaps).sum();
    }

    /** Messages skipped by gaps: not delivered, and not lost either (the server said so). */
    public long gapped() {
        return rooms.stream().mapToLong(RoomTally::gapped).sum();
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Deliveries per second over the whole run (the ramp and drain included). */
    public double deliveredPerSecond() {
        return elapsedNanos == 0 ? 0 : delivered * 1e9 / elapsedNanos;
    }

    /**
     * The first second of the steady phase: the ramp's end, or later if connecting overran it (at 30,000 users on
     * two cores the connects end ~20 s after a 60 s ramp), the second after the first sample that saw as many users
     * connected and joined as ever were ({@link #peakConnected}; all of them unless some never got in). Before that
     * the server still pays for handshakes and joins, and the rooms are not full, so deliveries per second there
     * are not the steady rate.
     */
    public int steadyFromSecond() {
        return steadyFrom(scenario, timeline, peakConnected);
    }

    /** The steady phase's end (exclusive): sending stops {@code ramp + duration} after the start. */
    public int steadyToSecond() {
        return steadyTo(scenario);
    }

    /** {@link #steadyFromSecond} of a run of {@code s} with this timeline and peak. */
    static int steadyFrom(ChatScenario s, List<Interval> timeline, int peakConnected) {
        int from = (int) s.ramp().toSeconds();
        for (Interval i : timeline) {
            if (peakConnected > 0 && i.connections() >= peakConnected) {
                return Math.max(from, i.second() + 1);
            }
        }
        return from;
    }

    static int steadyTo(ChatScenario s) {
        return (int) (s.ramp().toSeconds() + s.duration().toSeconds());
    }

    /**
     * Deliveries per second over the steady phase ({@link #steadyFromSecond} to {@link #steadyToSecond}): everyone
     * connected, before the drain. The whole run's rate when that window is empty (the summary says so).
     */
    public double steadyDeliveredPerSecond() {
        int from = steadyFromSecond();
        int to = steadyToSecond();
        long n = 0;
        int seconds = 0;
        for (Interval i : timeline) {
            if (i.second() >= from && i.second() < to) {
                n += i.requests();
                seconds++;
            }
        }
        return seconds == 0 ? deliveredPerSecond() : (double) n / seconds;
    }

    /** How the steady phase came out, for the summary: when it began, how long, how many users were connected. */
    private String steadyWindow() {
        int from = steadyFromSecond();
        int to = steadyToSecond();
        if (from >= to) {
            return String.format(Locale.ROOT, "none: %d users connected only at %ds, after sending stopped at %ds "
                    + "(steady rate: the whole run's)", peakConnected, from, to);
        }
        int late = from - (int) scenario.ramp().toSeconds();
        return String.format(Locale.ROOT, "%ds to %ds (%ds), %d of %d users connected%s", from, to, to - from,
                peakConnected, scenario.users(), late > 0 ? ", connects overran the ramp by " + late + "s" : "");
    }

    /** Latency in microseconds at a percentile (0..100), from intended send time; 0 without deliveries. */
    public long percentileMicros(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile);
    }

    /** Pass/fail gates: which ones this run misses (empty when it passes). */
    public List<String> violations(Duration maxP99, long maxLost, long maxErrors) {
        List<String> v = new java.util.ArrayList<>();
        if (maxP99 != null && percentileMicros(99) > maxP99.toNanos() / 1000) {
            v.add("p99 " + Durations.micros(percentileMicros(99)) + " > max " + Durations.micros(maxP99.toNanos() / 1000.0));
        }
        if (maxLost >= 0 && lost() > maxLost) {
            v.add("lost " + lost() + " > max " + maxLost);
        }
        if (maxLost >= 0 && duplicated() + outOfOrder() > 0) {
            v.add("duplicated " + duplicated() + ", out of order " + outOfOrder() + " (must be 0)");
        }
        if (maxLost >= 0 && unacked() > 0) {
            v.add("unacked " + unacked() + " (said, never acknowledged nor refused)");
        }
        if (maxErrors >= 0 && errorCount() > maxErrors) {
            v.add("errors " + errorCount() + " > max " + maxErrors);
        }
        if (delivered == 0) {
            v.add("no message delivered");
        }
        return v;
    }

    /** The human-readable summary. */
    public String summary(List<String> violations) {
        ChatScenario s = scenario;
        StringBuilder sb = new StringBuilder();
        sb.append("target       ").append(s.describe()).append('\n');
        sb.append(String.format(Locale.ROOT, "scenario     %d users in %d rooms, one message per user every %s "
                        + "(%.1f msg/s, %.0f deliveries/s), %s, steady %s, %d procs%n", s.users(), s.rooms(),
                text(s.every()), s.messagesPerSecond(), s.deliveriesPerSecond(), s.arrival(), text(s.duration()),
                s.procs()));
        sb.append(String.format(Locale.ROOT, "run          %.2fs, peak %d users connected%n", elapsedNanos / 1e9,
                peakConnected));
        sb.append("users        ").append(users.describe()).append("  (held: joined at least once)\n");
        Summary.appendTls(sb, users.tls());
        sb.append("steady       ").append(steadyWindow()).append('\n');
        sb.append(String.format(Locale.ROOT, "messages     %d said, %d acked, %d delivered (%.1f/s overall, %.1f/s steady)%n",
                says, acks, delivered, deliveredPerSecond(), steadyDeliveredPerSecond()));
        sb.append("latency      ").append(Summary.percentiles(latency)).append("  (delivery, from intended send time)\n");
        sb.append("uncorrected  ").append(Summary.percentiles(uncorrected)).append("  (from actual send time)\n");
        sb.append("steady lat.  ").append(Summary.percentiles(steadyLatency))
                .append("  (delivery, the steady phase's seconds only)\n");
        sb.append(String.format(Locale.ROOT, "order        lost %d, duplicated %d, out of order %d, unacked %d"
                + "  (lost: owed to a member, not received by the end of the drain)%n", lost(), duplicated(),
                outOfOrder(), unacked()));
        sb.append(String.format(Locale.ROOT, "reconnects   %d resumed sessions, %d gaps (%d messages the server would not"
                + " replay)%s%n", reconnects(), gaps(), gapped(), s.reconnect() ? "" : "  (--no-reconnect)"));
        Summary.appendErrors(sb, errorCount(), errors);
        long badRooms = rooms.stream().filter(r -> r.lost() + r.duplicated() + r.outOfOrder() > 0).count();
        if (badRooms > 0) {
            sb.append("rooms        ").append(badRooms).append(" of ").append(rooms.size()).append(" with problems:");
            rooms.stream().filter(r -> r.lost() + r.duplicated() + r.outOfOrder() > 0).limit(10).forEach(r -> sb
                    .append(String.format(Locale.ROOT, " %s(lost %d, dup %d, ooo %d)", r.room(), r.lost(),
                            r.duplicated(), r.outOfOrder())));
            sb.append('\n');
        }
        Summary.appendVerdict(sb, violations);
        return sb.toString();
    }

    /** The live progress line for one second. */
    public static String progress(ChatTally.Progress p) {
        return String.format(Locale.ROOT, "%4ds  %6d users  %7d sent/s  %9d delivered/s  p99 %-9s errors %d",
                p.second() + 1, p.connected(), p.says(), p.delivered(), Durations.micros(p.p99Micros()), p.errors());
    }

    /** The machine-readable report. */
    public String json(List<String> violations) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ChatScenario s = scenario;
        root.put("target", s.describe());
        root.put("users", s.users());
        root.put("rooms", s.rooms());
        root.put("everySeconds", s.every().toNanos() / 1e9);
        root.put("rampSeconds", s.ramp().toNanos() / 1e9);
        root.put("arrival", s.arrival());
        root.put("durationSeconds", s.duration().toNanos() / 1e9);
        root.put("procs", s.procs());
        root.put("elapsedSeconds", elapsedNanos / 1e9);
        root.put("peakConnected", peakConnected);
        root.put("says", says);
        root.put("acks", acks);
        root.put("delivered", delivered);
        root.put("deliveredPerSecond", deliveredPerSecond());
        root.put("steadyDeliveredPerSecond", steadyDeliveredPerSecond());
        root.put("steadyFromSecond", steadyFromSecond());
        root.put("steadyToSecond", steadyToSecond());
        root.put("lost", lost());
        root.put("duplicated", duplicated());
        root.put("outOfOrder", outOfOrder());
        root.put("unacked", unacked());
        root.put("reconnect", s.reconnect());
        root.put("reconnects", reconnects());
        root.put("gaps", gaps());
        root.put("gapped", gapped());
        root.put("errors", errorCount());
        ObjectNode kinds = root.putObject("errorsByKind");
        errors.forEach(kinds::put);
        JsonReport.connects(root.putObject("connects"), users);
        latency(root.putObject("latency"), latency);
        latency(root.putObject("uncorrectedLatency"), uncorrected);
        latency(root.putObject("steadyLatency"), steadyLatency);
        ArrayNode rs = root.putArray("roomsDetail");
        for (RoomTally r : rooms) {
            ObjectNode n = rs.addObject();
            n.put("room", r.room());
            n.put("maxSeq", r.maxSeq());
            n.put("lost", r.lost());
            n.put("duplicated", r.duplicated());
            n.put("outOfOrder", r.outOfOrder());
            n.put("reconnects", r.reconnects());
            n.put("gapped", r.gapped());
        }
        JsonReport.timeline(root.putArray("timeline"), timeline, "delivered", "connected");
        return JsonReport.finish(root, violations);
    }

    /**
     * The HTML report: the HTTP report's plots (latency over time, deliveries per second, percentiles), with the
     * chat summary in front. Deliveries play the part of responses there.
     */
    public String html(List<String> violations) {
        long[] kinds = new long[ErrorKind.values().length];
        kinds[ErrorKind.PROTOCOL.ordinal()] = errorCount();
        LoadShape shape = new LoadShape(Math.max(1, scenario.users()), 1,
                scenario.ramp().plus(scenario.duration()), 0, scenario.messagesPerSecond(), 1,
                scenario.connectTimeout(), scenario.procs());
        LoadReport as = new LoadReport(scenario.describe(), shape, elapsedNanos, delivered, 0, kinds, latency,
                uncorrected, timeline, 0);
        String page = HtmlReport.render(as, violations);
        String chat = "<h2>Chat</h2>\n<pre>" + escape(summary(violations)) + "</pre>\n"
                + "<p>Below, &ldquo;requests&rdquo; and &ldquo;responses&rdquo; are message deliveries.</p>\n";
        return page.replaceFirst("<h1>throng load</h1>\n", "<h1>throng load chat</h1>\n" + java.util.regex.Matcher
                .quoteReplacement(chat));
    }

    private static void latency(ObjectNode node, Histogram h) {
        JsonReport.latencyHead(node, h);
        JsonReport.percentiles(node, h, 50, 90, 99, 99.9);
        node.put("max", h.getMaxValue());
        node.put("mean", h.getMean());
    }

    private static String text(Duration d) {
        return Durations.micros(d.toNanos() / 1000.0);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
