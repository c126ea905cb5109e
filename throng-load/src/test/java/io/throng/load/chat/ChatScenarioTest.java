package io.throng.load.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatScenarioTest {
    private static ChatScenario base(int users, Duration ramp) {
        return ChatScenario.of("ws://127.0.0.1:9/ws", users, 2, Duration.ofSeconds(1), ramp, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 1);
    }

    @Test
    void aLinearRampSpreadsConnectsEvenly() {
        ChatScenario s = base(10, Duration.ofSeconds(10));
        assertEquals(0, s.connectAtNanos(0));
        assertEquals(5_000_000_000L, s.connectAtNanos(5));
    }

    @Test
    void stagesRampEachSegmentAndHoldAPlateau() {
        ChatScenario s = base(2, Duration.ZERO).withStages(List.of(
                new ChatScenario.Stage(Duration.ofSeconds(10), 100),
                new ChatScenario.Stage(Duration.ofSeconds(20), 100), // plateau: nobody arrives
                new ChatScenario.Stage(Duration.ofSeconds(10), 300)));
        assertEquals(300, s.users());
        assertEquals(Duration.ofSeconds(40), s.ramp());
        assertEquals(5_000_000_000L, s.connectAtNanos(50));
        assertEquals(30_000_000_000L, s.connectAtNanos(100)); // first user of the third stage, after the plateau
        assertEquals(35_000_000_000L, s.connectAtNanos(200));
        assertEquals("stages 10.00s:100 20.00s:100 10.00s:300", s.arrival());
    }

    @Test
    void stagesMayNotRampDown() {
        assertThrows(IllegalArgumentException.class, () -> base(2, Duration.ZERO).withStages(List.of(
                new ChatScenario.Stage(Duration.ofSeconds(1), 100), new ChatScenario.Stage(Duration.ofSeconds(1), 50))));
    }
}
