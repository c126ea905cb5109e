package io.throng.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.load.http.HttpLoad;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reason the open model exists: a server that stalls for one second must show up in the p99 of an open-model
 * run, while a closed-model run of the same server hides it (coordinated omission).
 */
class OpenModelTest {
    private final LoadRunner runner = new LoadRunner(new TargetPolicy(Set.of()));

    private LoadReport run(HttpWorkload workload, LoadShape shape) throws InterruptedException {
        return runner.run(new HttpLoad(workload, shape, null));
    }

    @Test
    void aOneSecondStallDominatesTheOpenModelP99ButHidesInTheClosedModel() throws Exception {
        LoadReport open;
        LoadReport closed;
        // 3 s at 1,000 req/s with a 1 s stall after 1 s: about a third of all requests were due during the stall
        // and waited up to a second, so p99 is several hundred milliseconds.
        try (StallingServer server = new StallingServer(1000, 1000)) {
            open = run(HttpWorkload.get(server.url()),
                    new LoadShape(8, 1, Duration.ofSeconds(3), 0, 1000, 1, Duration.ofSeconds(5), 1));
        }
        try (StallingServer server = new StallingServer(1000, 1000)) {
            closed = run(HttpWorkload.get(server.url()),
                    new LoadShape(8, 1, Duration.ofSeconds(3), 0, 0, 1, Duration.ofSeconds(5), 1));
        }
        long openP99 = open.percentileMicros(99);
        long closedP99 = closed.percentileMicros(99);
        assertEquals(0, open.errorCount(), () -> "errors " + open.errorsByKind());
        assertEquals(0, closed.errorCount(), () -> "errors " + closed.errorsByKind());
        // Requests were scheduled, not skipped: the open model completed about rate x duration.
        assertTrue(open.completed() > 2_500 && open.completed() <= 3_000, "open completed " + open.completed());
        assertTrue(openP99 >= 500_000, "open-model p99 must show the 1 s stall, was " + Durations.micros(openP99));
        assertTrue(closedP99 * 4 < openP99, "closed-model p99 " + Durations.micros(closedP99)
                + " should hide most of the stall compared with open " + Durations.micros(openP99));
        // The uncorrected histogram of the open run shows what measuring from the actual send time would claim.
        assertTrue(open.uncorrected().getValueAtPercentile(50) < open.latency().getValueAtPercentile(90),
                "corrected and uncorrected latencies must differ after a stall");
        // The max of both models is the stall itself.
        assertTrue(closed.latency().getMaxValue() >= 900_000, "closed max " + closed.latency().getMaxValue());
        // The timeline shows when it happened: the second with the stall has the worst p99.
        Interval worst = open.timeline().stream().max(java.util.Comparator.comparingLong(Interval::p99Micros)).orElseThrow();
        assertTrue(worst.second() >= 1, "stall seen in second " + worst.second());
    }

    @Test
    void requestsLeftWithoutAnswerWhenTheRunEndsAreReportedNotLost() throws Exception {
        // The server stops answering after 1 s; the run ends at 2 s. About 500 requests were due in the second
        // second: they have no latency yet, so they must show up as unanswered rather than vanish.
        try (StallingServer server = new StallingServer(1000, 10_000)) {
            LoadReport r = run(HttpWorkload.get(server.url()),
                    new LoadShape(8, 1, Duration.ofSeconds(2), 0, 500, 1, Duration.ofSeconds(30), 1));
            // Where the split falls depends on when the server's stall starts against the loader's
            // schedule (a loaded machine shifts it); that every due request is accounted for does not.
            long due = r.unanswered() + r.completed();
            assertTrue(due >= 950 && due <= 1010, "completed " + r.completed() + " + unanswered " + r.unanswered());
            assertTrue(r.unanswered() >= 250, "unanswered " + r.unanswered());
            assertTrue(r.completed() >= 250, "completed " + r.completed());
            assertTrue(Summary.render(r, java.util.List.of()).contains("unanswered   " + r.unanswered()));
        }
    }
}
