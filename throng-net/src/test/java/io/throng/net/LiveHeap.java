package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The live heap of another JVM, for tests that measure a server in a process of its own. */
public final class LiveHeap {
    private LiveHeap() {}

    /**
     * What {@code jcmd GC.class_histogram} (a full collection first) counts, less the JVM's filler arrays
     * ({@code jdk.internal.vm.FillerElement[]}), which pad dead space and are no object of anyone's: right
     * after 25,000 closes they were up to 16 MB of a histogram whose real objects had grown by under 1 MB
     * (the server's own {@code totalMemory - freeMemory} counts them too).
     */
    public static long of(Process process) throws Exception {
        Process jcmd = new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd", Long.toString(process.pid()),
                "GC.class_histogram").redirectErrorStream(true).start();
        String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS) && jcmd.exitValue() == 0, histogram);
        long live = histogram.lines().map(String::trim)
                .filter(l -> l.matches("\\d+:\\s+\\d+\\s+\\d+\\s+.*") && !l.contains("FillerElement"))
                .mapToLong(l -> Long.parseLong(l.split("\\s+")[2])).sum();
        assertTrue(live > 0, histogram);
        return live;
    }
}
