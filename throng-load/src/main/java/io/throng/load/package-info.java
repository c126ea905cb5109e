/**
 * {@code throng load}: a load generator whose latency numbers can be trusted.
 *
 * <h2>Two load models</h2>
 * <ul>
 *   <li><b>Closed</b> ({@link io.throng.load.LoadShape#rate()} = 0, like wrk): {@code c} connections, each sending
 *       its next request as soon as the previous response arrived (or, with pipelining, keeping {@code p} in
 *       flight). Throughput is whatever the server allows. Latency is measured from the actual send time.</li>
 *   <li><b>Open</b> (rate &gt; 0, like wrk2): requests <em>arrive</em> on a fixed schedule, request {@code k} being
 *       due at {@code start + k / rate}, whatever the server is doing. A due request goes out on the next free
 *       connection; if none is free it waits. Latency is measured from the <em>intended</em> (due) time.</li>
 * </ul>
 *
 * <h2>Coordinated omission, and why the open model corrects it</h2>
 * A closed-loop client that meets a stalled server stops sending: during a one-second stall each of its
 * connections records one slow request, then thousands of fast ones after. The stall is "coordinated" out of the
 * sample, and p99 looks fine although every user who arrived during that second waited. Real users do not wait
 * for each other before arriving. The open model keeps the arrival schedule, so each request due during the stall
 * is charged the time from when it should have been sent until its response: the stall appears in p90/p99 in
 * proportion to how long it lasted. Both histograms are kept — {@code latency} (from intended time) and
 * {@code uncorrected} (from actual send time) — so the report shows how much the correction matters. The schedule
 * is exact in nanoseconds but the selector sleeps in milliseconds, so at low rates a request may leave up to
 * ~1 ms late; that lateness is charged to the latency too (wrk2 documents the same granularity).
 *
 * <h2>Measurement</h2>
 * Each event loop owns a {@link io.throng.load.Meter}: HdrHistogram {@code SingleWriterRecorder}s in microseconds
 * (1 µs .. 1 h, 3 significant digits) plus counters, written without locks by that loop only. Once a second a
 * sampler takes interval histograms ({@link io.throng.load.Sample}) and a {@link io.throng.load.Tally} adds them
 * into the totals and the per-second timeline. Histograms are always added, never averaged, so merged percentiles
 * are exact across loops and processes. The run has a connect phase (not measured) and a measured phase bounded by
 * the duration and, optionally, a request count; requests still in flight when the duration ends are neither
 * counted nor errors (as in wrk). Every connection asked for is in one bucket of {@link io.throng.load.Connects}
 * (held, refused, timed out, failed, not started, pending), so the report says how much of the asked-for load
 * the run really applied; each engine documents when it takes that count (docs/load.md).
 *
 * <h2>Scale</h2>
 * One process may hold only 20,000 files and one source address has ~28,000 ephemeral ports towards one target,
 * so {@link io.throng.load.procs.Fleet} spreads connections over worker JVMs, worker {@code k} binding to
 * 127.0.0.(k+2); workers stream their interval histograms (compressed, base64) to the parent, which merges them.
 *
 * <h2>Safety</h2>
 * {@link io.throng.load.TargetPolicy}: only loopback targets unless the user names a host explicitly; every run is
 * bounded in time (a duration is mandatory) and connections per process are capped below the open-files limit.
 *
 * <h2>Workloads</h2>
 * {@link io.throng.load.Workload} is sealed: today HTTP/1.1 ({@link io.throng.load.HttpWorkload}, engine in
 * {@code io.throng.load.http}). Workloads in packages of their own — WebSocket in {@code io.throng.load.ws} — cannot
 * join a sealed type across packages (no named module), so they bring their own runner, and report through the same
 * {@link io.throng.load.Sample}/{@link io.throng.load.Tally}/{@link io.throng.load.LoadReport} path and run workers
 * through {@link io.throng.load.procs.Fleet}'s generic entry and {@link io.throng.load.procs.WorkerLink}, so JSON,
 * HTML, thresholds and {@code --procs} come for free.
 */
package io.throng.load;
