package io.throng.load;

/**
 * One second of a run, for the progress line, the JSON timeline and the latency-over-time plot.
 * Latencies in microseconds.
 */
public record Interval(int second, long requests, long errors, int connections, long p50Micros, long p99Micros,
        long maxMicros) {}
