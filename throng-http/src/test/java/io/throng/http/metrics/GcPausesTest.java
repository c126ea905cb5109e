package io.throng.http.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GcPausesTest {
    private static final Pattern PAUSE_COUNT = Pattern.compile("(?m)^throng_jvm_gc_pause_seconds_count (\\S+)$");

    private static double pauses() {
        Matcher m = PAUSE_COUNT.matcher(Metrics.text());
        assertTrue(m.find(), "the pause histogram is on /metrics");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aCollectionShowsAsAPause() throws InterruptedException {
        Metrics.start();
        double before = pauses();
        System.gc(); // a full collection under G1, Parallel and Serial; ZGC and Shenandoah pause for it too
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pauses() == before && System.nanoTime() < end) {
            Thread.onSpinWait(); // the JDK's service thread delivers the notification
        }
        assertTrue(pauses() > before, "System.gc() counted as a pause");
    }

    @Test
    void concurrentCyclesAreNotPauses() {
        // The actions JDK 25's collectors send (G1, Parallel, Serial; G1's Remark/Cleanup; ZGC; Shenandoah).
        for (String pause : new String[] {"end of minor GC", "end of major GC", "end of concurrent GC pause",
                "end of GC pause", "Init Mark", "Final Mark", "Degenerated GC"}) {
            assertTrue(GcPauses.isPause(pause), pause);
        }
        assertFalse(GcPauses.isPause("end of GC cycle"), "ZGC's and Shenandoah's concurrent cycles");
    }

    @Test
    void virtualThreadEventsAreAbsentUnlessAskedFor() {
        Metrics.start();
        String text = Metrics.text();
        assertTrue(text.contains("throng_virtual_thread_carriers{state=\"parallelism\"}"), "the scheduler is always there");
        assertFalse(text.contains("throng_virtual_threads_started_total"), "no JFR stream by default");
        assertFalse(text.contains("throng_virtual_threads_pinned_total"), "no JFR stream by default");
    }
}
