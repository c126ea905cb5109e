package io.throng.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fan-in of docs/concurrency.md in every style: three producers of COUNT messages each, one consumer
 * waiting on all of them. Whatever the interleaving, the output must hold each producer's messages
 * complete, in its order, none twice, and end with the total once every producer is done.
 */
class FanInTest {

    private static final int COUNT = 3000;

    @ParameterizedTest
    @ValueSource(strings = {
        "coroutines/java/FanInSelect.java",
        "coroutines/java/FanInFutures.java",
        "coroutines/python/fanin_generators.py",
        "coroutines/python/fanin_gevent.py",
        "coroutines/python/fanin_twisted.py",
        "coroutines/python/fanin_asyncio.py",
        "coroutines/go/fanin.go",
    })
    void receivesEveryMessageOfEverySourceInItsOrder(String example) throws Exception {
        try (ExampleProcess program = ExampleProcess.start(example, String.valueOf(COUNT))) {
            ExampleProcess.Finished finished = program.awaitExit(Duration.ofSeconds(120));
            assertEquals(0, finished.exitCode(), "exit code; stderr:\n" + finished.stderr());
            List<String> lines = finished.lines();
            assertEquals("done " + 3 * COUNT, lines.getLast());
            Map<String, Integer> next = new HashMap<>(Map.of("a", 0, "b", 0, "c", 0));
            for (String line : lines.subList(0, lines.size() - 1)) {
                String[] parts = line.split(" ");
                assertEquals(2, parts.length, "line: " + line);
                Integer expected = next.get(parts[0]);
                assertEquals(expected, Integer.valueOf(parts[1]), "producer " + parts[0] + " out of order: " + line);
                next.put(parts[0], expected + 1);
            }
            assertEquals(Map.of("a", COUNT, "b", COUNT, "c", COUNT), next);
        }
    }
}
