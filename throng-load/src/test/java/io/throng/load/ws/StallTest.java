package io.throng.load.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.load.LoadReport;
import io.throng.load.LoadShape;
import io.throng.load.LoadRunner;
import io.throng.load.TargetPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that stops answering for one second: the open model charges every message due during the stall,
 * so p99 shows it; the closed model records only the few messages that were in flight, so it barely does.
 */
class StallTest {
    private static final long STALL = TimeUnit.SECONDS.toNanos(1);

    private static LoadReport run(double rate) throws Exception {
        // Stall after ~0.8 s of traffic at 400 msg/s; the closed model reaches that count sooner, which is fine.
        try (StallingEchoServer server = new StallingEchoServer(320, STALL)) {
            WsWorkload w = new WsWorkload(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                    WsWorkload.Mode.ECHO, 64, false, 0, false, Duration.ZERO);
            LoadShape shape = new LoadShape(4, 1, Duration.ofSeconds(3), 0, rate, 1, Duration.ofSeconds(5), 1);
            return new LoadRunner(new TargetPolicy(Set.of())).run(new WsLoad(w, shape, null));
        }
    }

    @Test
    void aOneSecondStallShowsInOpenModelP99() throws Exception {
        LoadReport open = run(400);
        LoadReport closed = run(0);
        long openP99 = open.percentileMicros(99);
        long closedP99 = closed.percentileMicros(99);
        String figures = "open p99 " + openP99 + " us, max " + open.latency().getMaxValue() + " us; closed p99 "
                + closedP99 + " us, max " + closed.latency().getMaxValue() + " us";
        assertEquals(0, open.errorCount(), figures);
        assertTrue(open.completed() > 800, "most of the 1200 scheduled messages were echoed: " + open.completed());
        // About a third of the scheduled messages fell due during the stall, waiting up to its full length.
        assertTrue(openP99 >= 700_000, figures);
        assertTrue(open.latency().getValueAtPercentile(75) >= 100_000, figures);
        // The closed model's connections were stuck too, but recorded just one slow message each.
        assertTrue(closed.latency().getMaxValue() >= 700_000, figures);
        assertTrue(closedP99 < openP99 / 2, figures);
    }
}
