package io.throng.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The machine-readable report ({@code --json FILE}). Latencies are in microseconds; {@code latency} is
 * measured from the intended send time, {@code uncorrectedLatency} from the actual one.
 */
public final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 99.99};

    /** The report as a JSON document. */
    public static String render(LoadReport r, List<String> violations) {
        return text(document(r, violations));
    }

    /** The report's JSON tree, verdict included, for a kind that adds fields of its own before {@link #text}. */
    public static ObjectNode document(LoadReport r, List<String> violations) {
        ObjectNode root = JSON.createObjectNode();
        LoadShape s = r.shape();
        root.put("target", r.target());
        root.put("model", s.open() ? "open" : "closed");
        root.put("connections", s.connections());
        root.put("threads", s.threads());
        root.put("procs", s.procs());
        root.put("pipeline", s.pipeline());
        if (s.open()) {
            root.put("rate", s.rate());
        }
        root.put("durationSeconds", r.elapsedNanos() / 1e9);
        root.put("requests", r.completed());
        root.put("requestsPerSecond", r.requestsPerSecond());
        root.put("bytes", r.bytes());
        root.put("errors", r.errorCount());
        root.put("unanswered", r.unanswered());
        ObjectNode kinds = root.putObject("errorsByKind");
        r.errorsByKind().forEach(kinds::put);
        if (r.connects().asked() > 0) {
            connects(root.putObject("connects"), r.connects());
        }
        latency(root.putObject("latency"), r.latency());
        latency(root.putObject("uncorrectedLatency"), r.uncorrected());
        timeline(root.putArray("timeline"), r.timeline(), "requests", "connections");
        verdict(root, violations);
        return root;
    }

    /**
     * The per-second timeline; each load kind names its counts in its own words ({@code requests} for HTTP,
     * {@code delivered} for chat), the rest of an entry is the same everywhere.
     */
    public static void timeline(ArrayNode into, List<Interval> timeline, String countName, String connectionsName) {
        for (Interval i : timeline) {
            ObjectNode n = into.addObject();
            n.put("second", i.second());
            n.put(countName, i.requests());
            n.put("errors", i.errors());
            n.put(connectionsName, i.connections());
            n.put("p50", i.p50Micros());
            n.put("p99", i.p99Micros());
            n.put("max", i.maxMicros());
        }
    }

    /** Latency percentiles of a microsecond histogram as {@code p50}, {@code p99.9}...; 0 when it is empty. */
    public static void percentiles(ObjectNode node, Histogram h, double... percentiles) {
        for (double p : percentiles) {
            node.put("p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)),
                    h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p));
        }
    }

    /** The {@link Connects} buckets: {@code held} plus the rest add up to {@code asked}. */
    public static void connects(ObjectNode node, Connects c) {
        node.put("asked", c.asked());
        node.put("held", c.held());
        node.put("refused", c.refused());
        node.put("timedOut", c.timedOut());
        node.put("failed", c.failed());
        node.put("notStarted", c.notStarted());
        node.put("pending", c.pending());
        if (c.handshakes().total() > 0) {
            ObjectNode h = node.putObject("handshakeMillis");
            long[] counts = c.handshakes().counts();
            String[] names = {"under10", "under100", "under1000", "under3000", "under10000", "atLeast10000"};
            for (int i = 0; i < counts.length; i++) {
                h.put(names[i], counts[i]);
            }
            h.put("max", c.handshakes().maxMillis());
        }
        if (!c.tls().none()) {
            tls(node.putObject("tls"), c.tls());
        }
    }

    /**
     * https:// and wss://: the TLS handshake and the TCP connect before it, apart (microseconds), of the
     * connections that finished their handshake; failed handshakes by reason.
     */
    public static void tls(ObjectNode node, TlsTimes t) {
        node.put("handshakes", t.handshakes());
        ObjectNode h = node.putObject("handshakeMicros");
        percentiles(h, t.handshake(), 50, 90, 99);
        h.put("max", t.handshake().getMaxValue());
        ObjectNode c = node.putObject("tcpConnectMicros");
        percentiles(c, t.connect(), 50, 90, 99);
        c.put("max", t.connect().getMaxValue());
        node.put("failed", t.failureCount());
        ObjectNode f = node.putObject("failures");
        t.failuresByKind().forEach(f::put);
    }

    /** Ends every kind's document the same way, so scripts read the verdict in one place: pass/fail, why. */
    public static String finish(ObjectNode root, List<String> violations) {
        verdict(root, violations);
        return text(root);
    }

    /** A JSON tree as the text of a report file. */
    public static String text(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The head every latency object starts with: its unit and how many latencies it covers. */
    public static ObjectNode latencyHead(ObjectNode node, Histogram h) {
        return node.put("unit", "us").put("count", h.getTotalCount());
    }

    private static void verdict(ObjectNode root, List<String> violations) {
        root.put("passed", violations.isEmpty());
        ArrayNode v = root.putArray("violations");
        violations.forEach(v::add);
    }

    private static void latency(ObjectNode node, Histogram h) {
        latencyHead(node, h);
        node.put("min", h.getTotalCount() == 0 ? 0 : h.getMinValue());
        node.put("mean", h.getMean());
        percentiles(node, h, PERCENTILES);
        node.put("max", h.getMaxValue());
    }

    private JsonReport() {}
}
