package io.throng.load;

import io.throng.load.procs.WorkerProcesses;
import java.net.InetAddress;
import java.util.List;

/**
 * One run of a kind of load, as the parent sees it: where it goes, how it is shared out over processes, and how
 * the processes' samples and outcomes merge into the kind's report. {@link LoadRunner} runs any plan the same way,
 * in this process or over {@code procs} workers.
 *
 * @param <P> one process's share (see {@link LoadKind})
 * @param <S> one second's measurements
 * @param <O> what a process reports after measuring
 * @param <R> the report
 */
public abstract class LoadPlan<P, S, O, R> {
    private final LoadKind<P, S, O> kind;
    private final String host;
    private final int procs;

    /**
     * @param host the host the load is aimed at, checked against {@link TargetPolicy} before anything is sent
     * @param procs processes to spread the load over; 1 runs it in this one
     */
    protected LoadPlan(LoadKind<P, S, O> kind, String host, int procs) {
        this.kind = kind;
        this.host = host;
        this.procs = procs;
    }

    public final LoadKind<P, S, O> kind() {
        return kind;
    }

    public final String host() {
        return host;
    }

    public final int procs() {
        return procs;
    }

    /**
     * The share of process {@code process} (0 .. procs-1): the kind's settings plus its part of the load, the
     * resolved target and its source address (null: the system's choice).
     */
    public abstract P share(int process, InetAddress target, InetAddress source);

    /** How long the workers may take to become ready, to run and to exit. */
    public abstract WorkerProcesses.Budgets budgets();

    /** JVM options of the workers ({@link WorkerProcesses#THROUGHPUT_GC} or {@link WorkerProcesses#LOW_PAUSE_GC}). */
    public abstract List<String> workerOptions();

    /** Merges one process's sample; called from several threads, {@code procs} samples per second. */
    public abstract void add(S sample);

    /** Merges one process's outcome. */
    public abstract void addOutcome(O outcome);

    /** The report of the whole run, whose measured phase lasted {@code elapsedNanos}. */
    public abstract R report(long elapsedNanos);
}
