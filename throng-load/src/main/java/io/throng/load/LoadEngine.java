package io.throng.load;

import java.util.function.Consumer;

/**
 * One process's share of a load, for every kind (http, ws, chat): {@link #connect()}, then {@link #measure},
 * then {@link #outcome()}, with {@link #stop()} possible at any time. The two steps let several processes start
 * measuring together: the parent says go once every worker has connected. The same engine runs in the parent
 * ({@code --procs 1}) or in a worker process ({@link io.throng.load.procs.WorkerMain}).
 *
 * @param <S> one second's measurements
 * @param <O> what the process reports once after measuring ({@link Void} when nothing)
 */
public interface LoadEngine<S, O> extends AutoCloseable {

    /** Opens the connections the kind opens before measuring; returns how many are open. */
    int connect() throws InterruptedException;

    /**
     * Runs the measured phase to its end or to {@link #stop()}, calling {@code sink} with one sample at the end of
     * every second and for the last, partial second. Returns the phase's length in nanoseconds.
     */
    long measure(Consumer<S> sink) throws InterruptedException;

    /** What the process has to say after {@link #measure} returned, besides its samples; null for nothing. */
    O outcome();

    /** Ends the run early (Ctrl-C, or the parent went away); {@link #measure} returns soon after. */
    void stop();

    /** Closes every connection. */
    @Override
    void close() throws InterruptedException;
}
