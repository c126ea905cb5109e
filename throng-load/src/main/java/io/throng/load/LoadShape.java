package io.throng.load;

import java.time.Duration;

/**
 * How much load, and in which model: everything about a run except what one request looks like.
 *
 * @param connections open connections, spread over {@code threads} event loops (and {@code procs} processes)
 * @param threads event-loop threads per process
 * @param duration how long the measured phase lasts; always set, so every run ends by itself
 * @param requests stop after this many requests (0: only the duration bounds the run)
 * @param rate open model: requests per second in total, on a fixed schedule; 0 selects the closed model
 * @param pipeline requests in flight per connection (1: no pipelining)
 * @param timeout a request without a complete response after this long is an error and its connection is
 *     replaced; also bounds connecting
 * @param procs worker processes (1: run in this process)
 */
public record LoadShape(int connections, int threads, Duration duration, long requests, double rate,
        int pipeline, Duration timeout, int procs) {

    /** Most sockets one process may hold here: the open-files limit is 20,000 and the JVM needs some. */
    public static final int MAX_CONNECTIONS_PER_PROCESS = 19_000;

    public LoadShape {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (procs < 1 || procs > 250) {
            throw new IllegalArgumentException("procs must be between 1 and 250");
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive: every run is bounded in time");
        }
        if (requests < 0 || rate < 0) {
            throw new IllegalArgumentException("requests and rate must not be negative");
        }
        if (requests > 0 && requests < procs) {
            throw new IllegalArgumentException("requests must be at least procs when set");
        }
        if (pipeline < 1 || pipeline > 1024) {
            throw new IllegalArgumentException("pipeline depth must be between 1 and 1024");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (connections < procs * threads) {
            threads = Math.max(1, connections / procs);
        }
        if ((connections + procs - 1) / procs > MAX_CONNECTIONS_PER_PROCESS) {
            throw new IllegalArgumentException("at most " + MAX_CONNECTIONS_PER_PROCESS
                    + " connections per process (open-files limit); use --procs "
                    + ((connections + MAX_CONNECTIONS_PER_PROCESS - 1) / MAX_CONNECTIONS_PER_PROCESS) + " or more");
        }
    }

    /** True for the open model: arrivals on a fixed schedule, independent of the server's speed. */
    public boolean open() {
        return rate > 0;
    }

    /** The share of process {@code index} of {@code procs}: connections, requests and rate divided fairly. */
    public LoadShape share(int index) {
        return new LoadShape(split(connections, index), threads, duration, split(requests, index),
                rate / procs, pipeline, timeout, 1);
    }

    private int split(int total, int index) {
        return (int) split((long) total, index);
    }

    private long split(long total, int index) {
        return total / procs + (index < total % procs ? 1 : 0);
    }
}
