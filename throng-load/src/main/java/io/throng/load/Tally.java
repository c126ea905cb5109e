package io.throng.load;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Merges samples from every event loop and every worker process into the totals and the per-second
 * timeline. Histograms are added, never averaged: a merged p99 is the true p99 of all requests.
 */
public final class Tally {
    private final Histogram latency = new Histogram(1, Meter.HIGHEST_MICROS, 3);
    private final Histogram uncorrected = new Histogram(1, Meter.HIGHEST_MICROS, 3);
    private final long[] errors = new long[ErrorKind.values().length];
    private final TreeMap<Integer, Second> seconds = new TreeMap<>();
    private long completed;
    private long bytes;
    private long unanswered;
    private Connects connects = Connects.NONE;

    private static final class Second {
        final Histogram latency = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        long requests;
        long errors;
        int connections;
        int parts;
    }

    /**
     * Adds one sample; returns the sample's second as an interval if this sample was the last of its
     * {@code parts} (one per process), else null.
     */
    public synchronized Interval add(Sample s, int parts) {
        add(s);
        Second second = seconds.get(s.second());
        return second.parts == parts ? interval(s.second(), second) : null;
    }

    /**
     * A sink for the samples of {@code parts} producers (engine loops or worker processes) that hands each
     * second to {@code progress} once all of them have reported it.
     */
    public Consumer<Sample> sink(int parts, Consumer<Interval> progress) {
        return sample -> {
            Interval done = add(sample, parts);
            if (done != null) {
                progress.accept(done);
            }
        };
    }

    /** Adds one sample. */
    public synchronized void add(Sample s) {
        latency.add(s.latency());
        uncorrected.add(s.uncorrected());
        completed += s.completed();
        bytes += s.bytes();
        unanswered += s.unanswered();
        connects = connects.plus(s.connects());
        Second second = seconds.computeIfAbsent(s.second(), k -> new Second());
        second.latency.add(s.latency());
        second.requests += s.completed();
        second.connections += s.connections();
        second.parts++;
        for (int i = 0; i < errors.length; i++) {
            errors[i] += s.errors()[i];
            second.errors += s.errors()[i];
        }
    }

    /** Builds the final report. */
    public synchronized LoadReport report(String target, LoadShape shape, long elapsedNanos) {
        List<Interval> timeline = new ArrayList<>();
        seconds.forEach((k, v) -> timeline.add(interval(k, v)));
        return new LoadReport(target, shape, elapsedNanos, completed, bytes, errors.clone(), latency.copy(),
                uncorrected.copy(), timeline, unanswered, connects);
    }

    private static Interval interval(int second, Second s) {
        Histogram h = s.latency;
        return new Interval(second, s.requests, s.errors, s.connections, h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getMaxValue());
    }
}
