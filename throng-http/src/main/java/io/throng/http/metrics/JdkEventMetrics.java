package io.throng.http.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import jdk.jfr.consumer.RecordingStream;
import jdk.management.VirtualThreadSchedulerMXBean;

/**
 * The JVM metrics the Prometheus client's JVM module cannot see, read from JFR as the JDK emits them: GC
 * pauses one by one, virtual threads started and ended, and threads pinned to their carrier. One
 * {@link RecordingStream} per process, on a daemon thread; the events reach it about once a second, so
 * these metrics lag by that much. Carrier parallelism and the scheduler's pool come from
 * {@link VirtualThreadSchedulerMXBean} at scrape time.
 */
final class JdkEventMetrics {
    /** The JDK's default threshold for jdk.VirtualThreadPinned (default.jfc): shorter pins are not events. */
    static final Duration PINNED_THRESHOLD = Duration.ofMillis(20);

    /** System property: "false" stops counting virtual threads started and ended (their JFR events cost). */
    static final String COUNT_VIRTUAL_THREADS = "throng.metrics.virtualThreads";

    private JdkEventMetrics() {}

    static void start(PrometheusRegistry registry) {
        Histogram pauses = Histogram.builder().name("throng_jvm_gc_pause_seconds")
                .help("Garbage collector pauses (stop-the-world phases), one sample per pause, from JFR jdk.GCPhasePause.")
                .classicUpperBounds(0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .classicOnly().register(registry);
        boolean counting = !"false".equals(System.getProperty(COUNT_VIRTUAL_THREADS));
        Counter started = Counter.builder().name("throng_virtual_threads_started_total")
                .help("Virtual threads started since the metrics began (JFR jdk.VirtualThreadStart).").build();
        Counter ended = Counter.builder().name("throng_virtual_threads_ended_total")
                .help("Virtual threads ended since the metrics began (JFR jdk.VirtualThreadEnd).").build();
        GaugeWithCallback live = GaugeWithCallback.builder().name("throng_virtual_threads_live")
                .help("Virtual threads alive: started minus ended since the metrics began (about a second behind).")
                .callback(cb -> cb.call(Math.max(0, started.get() - ended.get()))).build();
        if (counting) { // else absent rather than a misleading 0
            registry.register(started);
            registry.register(ended);
            registry.register(live);
        }
        Counter pinned = Counter.builder().name("throng_virtual_threads_pinned_total")
                .help("Virtual threads that blocked while pinned to their carrier for " + PINNED_THRESHOLD.toMillis()
                        + " ms or more (JFR jdk.VirtualThreadPinned).").register(registry);
        VirtualThreadSchedulerMXBean scheduler = ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
        GaugeWithCallback.builder().name("throng_virtual_thread_carriers")
                .help("The virtual-thread scheduler: its target parallelism, carrier pool size, and virtual threads mounted and queued.")
                .labelNames("state")
                .callback(cb -> {
                    cb.call(scheduler.getParallelism(), "parallelism");
                    cb.call(scheduler.getPoolSize(), "pool");
                    cb.call(scheduler.getMountedVirtualThreadCount(), "mounted");
                    cb.call(scheduler.getQueuedVirtualThreadCount(), "queued");
                }).register(registry);

        RecordingStream rs = new RecordingStream();
        rs.setMaxAge(Duration.ofMinutes(1)); // consumed at once; keep the disk repository small
        rs.enable("jdk.GCPhasePause").withoutStackTrace();
        if (counting) { // one event per virtual thread: per connection wake-up (docs/operations.md has the cost)
            rs.enable("jdk.VirtualThreadStart").withoutStackTrace();
            rs.enable("jdk.VirtualThreadEnd").withoutStackTrace();
        }
        rs.enable("jdk.VirtualThreadPinned").withThreshold(PINNED_THRESHOLD).withoutStackTrace();
        rs.onEvent("jdk.GCPhasePause", e -> pauses.observe(e.getDuration().toNanos() / 1e9));
        rs.onEvent("jdk.VirtualThreadStart", e -> started.inc());
        rs.onEvent("jdk.VirtualThreadEnd", e -> ended.inc());
        rs.onEvent("jdk.VirtualThreadPinned", e -> pinned.inc());
        rs.startAsync();
    }
}
