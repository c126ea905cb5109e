package io.throng.load;

import java.io.IOException;

/**
 * A kind of load as a plug-in of the one engine contract: what a worker process needs to build its engine from
 * the share the parent sent, and the types that travel between them as JSON lines. One constant per kind
 * ({@code http}, {@code ws}, {@code chat}), beside the kind's {@link LoadPlan}.
 *
 * @param name the kind's name on the worker protocol
 * @param shareType one process's share of the run (a record: the first line a worker reads)
 * @param sampleType one second's measurements ({@link LoadEngine}'s samples)
 * @param outcomeType what a process reports after measuring ({@link Void} when nothing)
 * @param engines builds the engine that runs a share in this process
 */
public record LoadKind<P, S, O>(String name, Class<P> shareType, Class<S> sampleType, Class<O> outcomeType,
        Engines<P, S, O> engines) {

    /** Builds the engine of a share. */
    @FunctionalInterface
    public interface Engines<P, S, O> {
        LoadEngine<S, O> open(P share) throws IOException;
    }

    /** The engine that runs {@code share} in this process. */
    public LoadEngine<S, O> engine(P share) throws IOException {
        return engines.open(share);
    }
}
