package io.throng.chat.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Silence is judged over time the room service listened: its own pause kills nobody. Times are given, not slept. */
class WorkerLivenessTest {
    private final WorkerLiveness live = new WorkerLiveness(3_000, 1_000);

    /** Both workers ping every 500 ms until {@code until}; the socket is read every 200 ms. */
    private void steady(long from, long until) {
        for (long t = from; t <= until; t += 100) {
            if (t % 200 == 0) {
                live.listened(t);
            }
            if (t % 500 == 0) {
                live.listened(t);
                live.heard("w0", t);
                live.heard("w1", t);
            }
            assertEquals(List.of(), live.dead(t), "at " + t);
        }
    }

    @Test
    void aPauseOfTheRoomServiceLongerThanTheTimeoutKillsNobody() {
        steady(0, 10_000);
        // The room service stops reading for 5 s (a GC pause). Then it reads w0's queued ping first:
        // w1's is right behind it in the socket, so w1 is not silent.
        live.listened(15_000);
        live.heard("w0", 15_000);
        assertEquals(List.of(), live.dead(15_000));
        steady(15_000, 25_000);
    }

    @Test
    void aWorkerThatStopsPingingWhileTheServiceListensIsDeadAfterTheTimeout() {
        steady(0, 10_000);
        for (long t = 10_200; t <= 13_000; t += 200) {
            live.listened(t);
            live.heard("w0", t);
            assertEquals(List.of(), live.dead(t), "not yet at " + t);
        }
        live.listened(13_200);
        assertEquals(List.of("w1"), live.dead(13_200), "silent 3.2 s while the service listened");
        assertEquals(List.of(), live.dead(13_400), "told once");
    }

    @Test
    void aWorkerStillSilentAfterThePauseDiesOneTimeoutLater() {
        steady(0, 10_000);
        live.listened(15_000); // the pause; only w0 talks afterwards
        for (long t = 15_000; t <= 18_000; t += 200) {
            live.listened(t);
            live.heard("w0", t);
            assertEquals(List.of(), live.dead(t), "not yet at " + t);
        }
        live.listened(18_200);
        assertEquals(List.of("w1"), live.dead(18_200));
    }
}
