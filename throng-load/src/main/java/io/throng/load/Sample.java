package io.throng.load;

import org.HdrHistogram.Histogram;

/**
 * What one event loop (or one worker process) measured during one second of a run.
 *
 * @param second seconds since the measured phase started (the sample covers [second, second+1))
 * @param latency latencies in microseconds from the intended send time
 * @param uncorrected latencies in microseconds from the actual send time
 * @param completed complete responses
 * @param bytes bytes received
 * @param errors errors by {@link ErrorKind#ordinal()}
 * @param connections connections open when the sample was taken
 * @param unanswered requests sent, or due in the open model, that had no response when the run ended (only in a
 *     run's last sample; they are in no histogram, since their latency is unknown)
 * @param connects how the connection attempts ended, in the one sample of a producer that carries the count
 *     (its first), {@link Connects#NONE} in all others
 */
public record Sample(int second, Histogram latency, Histogram uncorrected, long completed, long bytes,
        long[] errors, int connections, long unanswered, Connects connects) {

    /** A sample without a connection count. */
    public Sample(int second, Histogram latency, Histogram uncorrected, long completed, long bytes, long[] errors,
            int connections, long unanswered) {
        this(second, latency, uncorrected, completed, bytes, errors, connections, unanswered, Connects.NONE);
    }

    /** Adds up samples of the same second from several loops or processes. */
    public static Sample merge(java.util.List<Sample> parts) {
        Sample first = parts.getFirst();
        Histogram latency = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        Histogram uncorrected = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        long completed = 0;
        long bytes = 0;
        long[] errors = new long[first.errors().length];
        int connections = 0;
        long unanswered = 0;
        Connects connects = Connects.NONE;
        for (Sample s : parts) {
            connects = connects.plus(s.connects());
            unanswered += s.unanswered();
            latency.add(s.latency());
            uncorrected.add(s.uncorrected());
            completed += s.completed();
            bytes += s.bytes();
            connections += s.connections();
            for (int i = 0; i < errors.length; i++) {
                errors[i] += s.errors()[i];
            }
        }
        return new Sample(first.second(), latency, uncorrected, completed, bytes, errors, connections, unanswered,
                connects);
    }
}
