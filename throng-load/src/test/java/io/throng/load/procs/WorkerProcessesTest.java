package io.throng.load.procs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerProcessesTest {
    @Test
    void extraOptionsAreAppended() {
        assertEquals(List.of("-XX:+UseZGC", "-Xss512k", "-Dx=1"),
                WorkerProcesses.withExtra(List.of("-XX:+UseZGC"), " -Xss512k  -Dx=1 "));
        assertEquals(List.of("-XX:+UseZGC"), WorkerProcesses.withExtra(List.of("-XX:+UseZGC"), null));
        assertEquals(List.of("-XX:+UseZGC"), WorkerProcesses.withExtra(List.of("-XX:+UseZGC"), ""));
    }

    @Test
    void aCollectorNamedReplacesTheKindsOne() { // the JVM refuses to start with two
        assertEquals(List.of("-Dthrong.load.debug=false", "-XX:+UseParallelGC"), WorkerProcesses.withExtra(
                List.of("-XX:+UseZGC", "-Dthrong.load.debug=false"), "-XX:+UseParallelGC"));
    }
}
