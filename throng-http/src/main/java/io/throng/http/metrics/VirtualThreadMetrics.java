package io.throng.http.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import jdk.jfr.consumer.RecordingStream;
import jdk.management.VirtualThreadSchedulerMXBean;

/**
 * The virtual-thread scheduler's state, read from {@link VirtualThreadSchedulerMXBean} at scrape time
 * (free between scrapes), and, only when asked for with {@link #JFR_STREAM}, virtual threads started,
 * ended and pinned, which the JDK reports as JFR events only. Those need a recording running all the time:
 * a {@link RecordingStream} on a daemon thread, whose events reach the counters about once a second. It
 * is off by default because that recording is what made the metrics cost a fifth of the hello-world
 * throughput and triple its p99 (docs/operations.md); with it off the three counters are absent rather
 * than a misleading 0.
 */
final class VirtualThreadMetrics {
    /** The JDK's default threshold for jdk.VirtualThreadPinned (default.jfc): shorter pins are not events. */
    static final Duration PINNED_THRESHOLD = Duration.ofMillis(20);

    /** System property: "true" runs the JFR stream behind the started, ended, live and pinned metrics. */
    static final String JFR_STREAM = "throng.metrics.jfr";

    private VirtualThreadMetrics() {}

    static void start(PrometheusRegistry registry) {
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
        if (Boolean.getBoolean(JFR_STREAM)) {
            streamEvents(registry);
        }
    }

    private static void streamEvents(PrometheusRegistry registry) {
        Counter started = Counter.builder().name("throng_virtual_threads_started_total")
                .help("Virtual threads started since the metrics began (JFR jdk.VirtualThreadStart).").register(registry);
        Counter ended = Counter.builder().name("throng_virtual_threads_ended_total")
                .help("Virtual threads ended since the metrics began (JFR jdk.VirtualThreadEnd).").register(registry);
        GaugeWithCallback.builder().name("throng_virtual_threads_live")
                .help("Virtual threads alive: started minus ended since the metrics began (about a second behind).")
                .callback(cb -> cb.call(Math.max(0, started.get() - ended.get()))).register(registry);
        Counter pinned = Counter.builder().name("throng_virtual_threads_pinned_total")
                .help("Virtual threads that blocked while pinned to their carrier for " + PINNED_THRESHOLD.toMillis()
                        + " ms or more (JFR jdk.VirtualThreadPinned).").register(registry);

        RecordingStream rs = new RecordingStream();
        rs.setMaxAge(Duration.ofMinutes(1)); // consumed at once; keep the disk repository small
        rs.enable("jdk.VirtualThreadStart").withoutStackTrace(); // one event per connection wake-up
        rs.enable("jdk.VirtualThreadEnd").withoutStackTrace();
        rs.enable("jdk.VirtualThreadPinned").withThreshold(PINNED_THRESHOLD).withoutStackTrace();
        rs.onEvent("jdk.VirtualThreadStart", e -> started.inc());
        rs.onEvent("jdk.VirtualThreadEnd", e -> ended.inc());
        rs.onEvent("jdk.VirtualThreadPinned", e -> pinned.inc());
        rs.startAsync();
    }
}
