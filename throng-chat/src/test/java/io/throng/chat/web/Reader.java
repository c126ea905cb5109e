package io.throng.chat.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Frames read by a test client, with waits bounded by a deadline (never a sleep). */
final class Reader {
    final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final List<JsonNode> seen = new ArrayList<>();

    /** Waits for the first frame matching {@code p}, keeping the others in {@link #seen}. */
    JsonNode await(String what, Predicate<JsonNode> p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode f = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
            if (f == null) {
                throw new AssertionError("no " + what + " within 15 s; got " + seen);
            }
            seen.add(f);
            if (p.test(f)) {
                return f;
            }
        }
    }

    /**
     * Waits until each of {@code ps} has matched a frame, in whatever order they arrive (frames of
     * different rooms have no order between them); returns the matches in the order of {@code ps}.
     */
    @SafeVarargs
    final List<JsonNode> awaitEach(String what, Predicate<JsonNode>... ps) throws InterruptedException {
        JsonNode[] found = new JsonNode[ps.length];
        int missing = ps.length;
        while (missing > 0) {
            JsonNode f = await(what, x -> true);
            for (int i = 0; i < ps.length; i++) {
                if (found[i] == null && ps[i].test(f)) {
                    found[i] = f;
                    missing--;
                    break;
                }
            }
        }
        return List.of(found);
    }

    static Predicate<JsonNode> type(String t) {
        return f -> f.path("type").asText().equals(t);
    }

    static Predicate<JsonNode> type(String t, String room) {
        return f -> f.path("type").asText().equals(t) && f.path("room").asText().equals(room);
    }
}
