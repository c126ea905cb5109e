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
 * Each producer owns a {@link io.throng.load.Meter}: HdrHistograms in microseconds (1 µs .. 1 h, 3 significant
 * digits) plus counters. The HTTP engine's per-loop meter is written without locks by that loop only, the
 * WebSocket engine's by many reader threads (multi-writer recorders); both record through final methods of a final
 * class, so measuring costs no virtual call. Once a second a sampler takes interval histograms
 * ({@link io.throng.load.Sample}) and a {@link io.throng.load.Tally} adds them into the totals and the per-second
 * {@link io.throng.load.Timeline}. Histograms are always added, never averaged, so merged percentiles
 * are exact across loops and processes. The run has a connect phase (not measured) and a measured phase bounded by
 * the duration and, optionally, a request count; requests still in flight when the duration ends are neither
 * counted nor errors (as in wrk). Every connection asked for is in one bucket of {@link io.throng.load.Connects}
 * (held, refused, timed out, failed, not started, pending: one {@link io.throng.load.ConnectOutcome} each), so the
 * report says how much of the asked-for load the run really applied; each engine documents when it takes that
 * count (docs/load.md).
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
 * <h2>One engine contract, a plug-in per kind</h2>
 * Every kind of load ({@code http}, {@code ws}, {@code chat}) is the same three pieces:
 * <ul>
 *   <li>a {@link io.throng.load.LoadEngine}: one process's share of the load; {@code connect()} before measuring,
 *       {@code measure(sink)} with one sample a second, {@code stop()}, and an {@code outcome()} the process reports
 *       once at the end (chat: its room tallies and users; nothing for http and ws);</li>
 *   <li>a {@link io.throng.load.LoadKind}: the kind's name on the worker protocol, the types that travel
 *       (share, sample, outcome) and how a share becomes an engine, which is all a worker needs;</li>
 *   <li>a {@link io.throng.load.LoadPlan}: the run as the parent sees it: target, processes, each process's share,
 *       worker budgets and JVM options, and the merge of samples and outcomes into the kind's report.
 *       {@link io.throng.load.TalliedPlan} is the plan of kinds that report a {@link io.throng.load.LoadReport}
 *       through one {@link io.throng.load.Tally} (http, ws), so JSON, HTML, thresholds and {@code --procs} are
 *       one code path for both.</li>
 * </ul>
 * {@link io.throng.load.LoadRunner} runs any plan: in this process with the kind's engine, or over worker JVMs
 * through {@link io.throng.load.procs.Fleet}, whose one {@link io.throng.load.procs.WorkerMain} runs the same
 * engine. The plug-ins: {@link io.throng.load.http.HttpLoad}, {@link io.throng.load.ws.WsLoad},
 * {@link io.throng.load.chat.ChatLoad}.
 */
package io.throng.load;
