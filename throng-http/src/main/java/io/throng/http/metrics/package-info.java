/**
 * Observability: the process's Prometheus metrics, served as {@code GET /metrics}, and the design of
 * Throng's JFR events and counters across the modules.
 *
 * <h2>Where things live</h2>
 * Each event class and each counter lives where it is emitted, package-private, beside the one line
 * that calls it: {@code io.throng.net.ConnectionEvents} (accepted, closed), {@code io.throng.http.RequestEvents}
 * (each request), {@code io.throng.websocket.MessageEvents} (each data message),
 * {@code io.throng.chat.events.ChatEvents} (store commit, fan-out, slow consumer) and
 * {@code io.throng.mongrel.front.RequestEvents} (each gateway request). A central package would have to
 * be exported by the lowest module and reached into by all the others; beside their site the events need
 * no API at all, and a change to a hot path sees its instrumentation. This package only gathers and
 * writes: {@link io.throng.http.metrics.Metrics} registers the JVM's metrics and serves the text format.
 *
 * <h2>Why the Prometheus Java client</h2>
 * The counters use {@code io.prometheus:prometheus-metrics-core} (1.x) and its default registry,
 * exposed with {@code prometheus-metrics-exposition-textformats} (the text format only: the protobuf
 * writer would bring a shaded protobuf for nothing Prometheus needs) and
 * {@code prometheus-metrics-instrumentation-jvm} for heap, GC, threads, classes and open files. Micrometer
 * would add a facade over the same data model for backends Throng does not target; the Prometheus client
 * is the format's reference implementation, with no dependencies beyond its own modules.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>Cheap on the hot path.</b> Every labelled data point a request touches is resolved once (per
 *       server, or per class), so counting is a striped adder with no lock and no map lookup; a histogram
 *       observation is a bucket search and two adders. A JFR event is allocated, asked
 *       {@code shouldCommit()} and dropped when no recording wants it (the JIT removes the allocation);
 *       its fields are filled only when it is kept.</li>
 *   <li><b>No private data.</b> Labels are bounded sets chosen by the operator or the code (protocol,
 *       status class, direction, configured handler names), never a path, address, user or room; those
 *       appear only in JFR events, which stay on the machine in a file the operator asked for. A path in
 *       an event never carries its query.</li>
 *   <li><b>Process-wide.</b> Like the JVM's own metrics, Throng's counters are one per process (the
 *       default registry): a process runs one server; a pre-fork worker is a process of its own and
 *       answers {@code /metrics} with its own numbers.</li>
 *   <li><b>Nothing runs between scrapes.</b> GC pauses come from the GC MXBeans' end-of-collection
 *       notifications ({@code GcPauses}), the carriers from {@code VirtualThreadSchedulerMXBean} at scrape
 *       time. Virtual threads started, ended and pinned exist only as JFR events, and a recording that
 *       runs all the time is not cheap (it cost the hello-world cells a fifth of their throughput and
 *       tripled their p99), so {@code VirtualThreadMetrics} streams them only when
 *       {@code -Dthrong.metrics.jfr=true} asks for it.</li>
 * </ul>
 */
package io.throng.http.metrics;
