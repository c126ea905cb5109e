package io.throng.load.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.load.Meter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The steady phase begins when everyone is connected, not at the ramp's end, when connecting overran the ramp. */
class ChatReportTest {
    private static final int USERS = 30_000;

    /**
     * A 60 s ramp, 60 s steady, 10 s drain whose users are all connected at the end of second {@code full}:
     * 100 deliveries a second taking 3 s each before that, 1,000 taking 100 ms after, through the tally as the
     * load tool merges its samples.
     */
    private static ChatReport run(int full) {
        ChatScenario s = ChatScenario.of("ws://127.0.0.1:9/ws", USERS, 100, Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5), 0, 2);
        ChatTally tally = new ChatTally();
        for (int sec = 0; sec < 130; sec++) {
            boolean after = sec > full;
            Histogram h = new Histogram(1, Meter.HIGHEST_MICROS, 3);
            h.recordValueWithCount(after ? 100_000 : 3_000_000, after ? 1_000 : 100);
            int connected = sec >= full ? USERS : USERS * sec / (full + 1);
            tally.add(new ChatSample(sec, h, h, 0, 0, after ? 1_000 : 100, connected, Map.of()), 1);
        }
        return tally.report(s, Duration.ofSeconds(130).toNanos());
    }

    @Test
    void steadyStartsAtTheRampsEndWhenConnectsKeptUp() {
        ChatReport r = run(59);
        assertEquals(60, r.steadyFromSecond());
        assertEquals(120, r.steadyToSecond());
        assertEquals(1_000, r.steadyDeliveredPerSecond(), 1e-9);
    }

    @Test
    void steadyWaitsForTheLastUserWhenConnectsOverranTheRamp() throws Exception {
        ChatReport r = run(79); // all 30,000 in 20 s after the ramp
        assertEquals(80, r.steadyFromSecond());
        assertEquals(1_000, r.steadyDeliveredPerSecond(), 1e-9); // the ramp's tail (100/s) is not counted
        assertEquals(0.1, r.steadyLatency().getValueAtPercentile(99) / 1e6, 0.001); // nor its 3 s deliveries
        assertEquals(3.0, r.percentileMicros(99) / 1e6, 0.01); // which the whole run's p99 keeps
        String summary = r.summary(List.of());
        assertTrue(summary.contains("steady       80s to 120s (40s), 30000 of 30000 users connected, connects overran "
                + "the ramp by 20s"), summary);
        assertEquals(80, new ObjectMapper().readTree(r.json(List.of())).get("steadyFromSecond").asInt());
    }

    @Test
    void noSteadyPhaseWhenUsersConnectedOnlyAfterSendingStopped() {
        ChatReport r = run(125);
        assertEquals(126, r.steadyFromSecond());
        assertTrue(r.summary(List.of()).contains("steady       none: 30000 users connected only at 126s"));
    }
}
