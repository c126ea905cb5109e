package io.throng.load;

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
    private final Timeline timeline = new Timeline();
    private long completed;
    private long bytes;
    private long unanswered;
    private Connects connects = Connects.NONE;

    /**
     * Adds one sample; returns the sample's second as an interval if this sample was the last of its
     * {@code parts} (one per process), else null.
     */
    public synchronized Interval add(Sample s, int parts) {
        Timeline.Second second = addSample(s);
        return second.parts() == parts ? second.interval() : null;
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
        addSample(s);
    }

    private Timeline.Second addSample(Sample s) {
        latency.add(s.latency());
        uncorrected.add(s.uncorrected());
        completed += s.completed();
        bytes += s.bytes();
        unanswered += s.unanswered();
        connects = connects.plus(s.connects());
        long sampleErrors = 0;
        for (int i = 0; i < errors.length; i++) {
            errors[i] += s.errors()[i];
            sampleErrors += s.errors()[i];
        }
        return timeline.add(s.second(), s.latency(), s.completed(), sampleErrors, s.connections());
    }

    /** Builds the final report. */
    public synchronized LoadReport report(String target, LoadShape shape, long elapsedNanos) {
        return new LoadReport(target, shape, elapsedNanos, completed, bytes, errors.clone(), latency.copy(),
                uncorrected.copy(), timeline.intervals(), unanswered, connects);
    }
}
