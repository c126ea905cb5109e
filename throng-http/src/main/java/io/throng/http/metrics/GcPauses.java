package io.throng.http.metrics;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Stop-the-world GC pauses, one histogram sample each, from the notifications the GC MXBeans send at the
 * end of every collection. Nothing runs between collections: the JDK's service thread calls the listener
 * once per collection. (A JFR stream of {@code jdk.GCPhasePause} gave the same figure with microsecond
 * resolution, but a recording that runs all the time cost the hello-world cells a fifth of their
 * throughput and tripled their p99 — docs/operations.md has the measurement.) The MXBeans report whole
 * milliseconds, so a sub-millisecond pause lands in the lowest bucket as 0.
 *
 * <p>Which notifications are pauses: every collector reports its young and full collections as pauses
 * ({@code end of minor GC}, {@code end of major GC}); G1 reports its Remark and Cleanup pauses from the
 * "G1 Concurrent GC" bean ({@code end of concurrent GC pause}); ZGC and Shenandoah report each pause from
 * their "Pauses" beans and their concurrent work from "Cycles" beans ({@code end of GC cycle}), which the
 * application ran through and which are therefore not pauses.
 */
final class GcPauses {
    private GcPauses() {}

    static void start(PrometheusRegistry registry) {
        Histogram pauses = Histogram.builder().name("throng_jvm_gc_pause_seconds")
                .help("Garbage collector pauses (stop-the-world), one sample per pause, from the GC MXBeans' notifications (millisecond resolution).")
                .classicUpperBounds(0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .classicOnly().register(registry);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    if (isPause(info.getGcAction())) {
                        pauses.observe(info.getGcInfo().getDuration() / 1e3);
                    }
                }, null, null);
            }
        }
    }

    /** Whether a notification's GC action names a pause rather than concurrent work (see the class comment). */
    static boolean isPause(String gcAction) {
        return !"end of GC cycle".equals(gcAction);
    }
}
