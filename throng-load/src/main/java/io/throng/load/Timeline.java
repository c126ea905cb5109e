package io.throng.load;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The per-second timeline of a run, merged from the samples every producer (loop or process) takes of each
 * second: latency histograms added, never averaged, and counts, errors and connections summed. Not thread-safe:
 * the tally that owns it holds the lock.
 */
public final class Timeline {
    private final TreeMap<Integer, Second> seconds = new TreeMap<>();

    /** One second as merged so far. */
    public static final class Second {
        private final int second;
        private final Histogram latency = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        private long count;
        private long errors;
        private int connections;
        private int parts;

        private Second(int second) {
            this.second = second;
        }

        /** Producers that have reported this second. */
        public int parts() {
            return parts;
        }

        /** The second's merged figures. */
        public Interval interval() {
            return new Interval(second, count, errors, connections, latency.getValueAtPercentile(50),
                    latency.getValueAtPercentile(99), latency.getMaxValue());
        }
    }

    /** Adds one producer's part of {@code second}; returns the second as merged so far. */
    public Second add(int second, Histogram latency, long count, long errors, int connections) {
        Second s = seconds.computeIfAbsent(second, Second::new);
        s.latency.add(latency);
        s.count += count;
        s.errors += errors;
        s.connections += connections;
        s.parts++;
        return s;
    }

    /** Every second so far, in order. */
    public List<Interval> intervals() {
        List<Interval> list = new ArrayList<>();
        seconds.values().forEach(s -> list.add(s.interval()));
        return list;
    }

    /** The latencies of seconds {@code from} (inclusive) to {@code to} (exclusive), added up. */
    public Histogram latency(int from, int to) {
        Histogram h = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        if (from < to) {
            seconds.subMap(from, to).values().forEach(s -> h.add(s.latency));
        }
        return h;
    }

    /** The most connections of any second. */
    public int peakConnections() {
        int peak = 0;
        for (Second s : seconds.values()) {
            peak = Math.max(peak, s.connections);
        }
        return peak;
    }
}
