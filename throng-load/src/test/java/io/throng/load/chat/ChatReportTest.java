package io.throng.load.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.load.Connects;
import io.throng.load.Interval;
import io.throng.load.Meter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The steady phase begins when everyone is connected, not at the ramp's end, when connecting overran the ramp. */
class ChatReportTest {
    private static final int USERS = 30_000;

    /**
     * A 60 s ramp, 60 s steady, 10 s drain whose users are all connected at the end of second {@code full}:
     * 100 deliveries a second before that, 1,000 after.
     */
    private static ChatReport run(int full) {
        ChatScenario s = ChatScenario.of("ws://127.0.0.1:9/ws", USERS, 100, Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5), 0, 2);
        List<Interval> timeline = new ArrayList<>();
        for (int sec = 0; sec < 130; sec++) {
            int connected = sec >= full ? USERS : USERS * sec / (full + 1);
            timeline.add(new Interval(sec, sec > full ? 1_000 : 100, 0, connected, 0, 0, 0));
        }
        Histogram h = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        return new ChatReport(s, Duration.ofSeconds(130).toNanos(), 0, 0, 0, USERS, Map.of(), h, h, List.of(),
                timeline, Connects.NONE);
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
