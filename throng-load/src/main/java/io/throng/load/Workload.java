package io.throng.load;

/**
 * What one simulated client does. Each kind has its own engine; all of them report through the same
 * {@link LoadReport}, so the summary, JSON, HTML, thresholds and multi-process merge work for every kind.
 *
 * <p>Sealed: the WebSocket ({@code ws}: echo round trips or a message rate) and chat ({@code chat}: users in
 * rooms, end-to-end delivery latency, loss/duplication/order counts) workloads join this list when their
 * protocols land; the runner dispatches on the type with an exhaustive switch.
 */
public sealed interface Workload permits HttpWorkload {
    /** The host the load is aimed at, checked against {@link TargetPolicy} before anything is sent. */
    String host();

    /** The port the load is aimed at. */
    int port();

    /** One line for the report: what was measured. */
    String describe();
}
