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
        latency(root.putObject("latency"), r.latency());
        latency(root.putObject("uncorrectedLatency"), r.uncorrected());
        ArrayNode timeline = root.putArray("timeline");
        for (Interval i : r.timeline()) {
            ObjectNode n = timeline.addObject();
            n.put("second", i.second());
            n.put("requests", i.requests());
            n.put("errors", i.errors());
            n.put("connections", i.connections());
            n.put("p50", i.p50Micros());
            n.put("p99", i.p99Micros());
            n.put("max", i.maxMicros());
        }
        root.put("passed", violations.isEmpty());
        ArrayNode v = root.putArray("violations");
        violations.forEach(v::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void latency(ObjectNode node, Histogram h) {
        node.put("unit", "us");
        node.put("count", h.getTotalCount());
        node.put("min", h.getTotalCount() == 0 ? 0 : h.getMinValue());
        node.put("mean", h.getMean());
        for (double p : PERCENTILES) {
            node.put("p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)),
                    h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p));
        }
        node.put("max", h.getMaxValue());
    }

    private JsonReport() {}
}
