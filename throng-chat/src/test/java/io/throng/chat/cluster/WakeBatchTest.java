package io.throng.chat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.service.ChatStats;
import io.throng.chat.service.Outbox;
import java.util.List;
import org.junit.jupiter.api.Test;

class WakeBatchTest {
    private static Outbox outbox() {
        return new Outbox(4, 1024, new ChatStats());
    }

    @Test
    void holdsTheTouchedUntilTheFirstHasLingered() {
        Outbox a = outbox();
        Outbox b = outbox();
        WakeBatch w = new WakeBatch(100);
        assertEquals(Long.MAX_VALUE, w.nanosUntilDue(0));
        assertTrue(w.add(List.of(a), 1_000, true).isEmpty(), "a busy worker holds the wake-ups");
        assertTrue(w.add(List.of(b, a), 1_060, false).isEmpty(), "and joins the next ones to those held");
        // a later message does not push the first one's wake-up back
        assertEquals(40, w.nanosUntilDue(1_060));
        assertTrue(w.takeDue(1_099).isEmpty());
        assertEquals(List.of(a, b), w.takeDue(1_100)); // oldest first, each once
        assertEquals(Long.MAX_VALUE, w.nanosUntilDue(1_100));
        assertTrue(w.takeDue(5_000).isEmpty());
    }

    @Test
    void aQuietWorkerWakesAtOnce() {
        Outbox a = outbox();
        Outbox b = outbox();
        WakeBatch w = new WakeBatch(100);
        assertEquals(List.of(a, b), w.add(List.of(a, b), 0, false), "nothing running, nothing held: no linger");
        assertEquals(Long.MAX_VALUE, w.nanosUntilDue(0));
        assertEquals(List.of(a), new WakeBatch(0).add(List.of(a), 0, true), "a linger of 0 never holds");
    }

    @Test
    void aNewSpanStartsWithTheNextTouch() {
        Outbox a = outbox();
        WakeBatch w = new WakeBatch(100);
        w.add(List.of(), 0, true); // a message for connections this worker no longer has starts nothing
        assertEquals(Long.MAX_VALUE, w.nanosUntilDue(0));
        w.add(List.of(a), 500, true);
        assertEquals(100, w.nanosUntilDue(500));
        assertEquals(0, w.nanosUntilDue(700));
        assertEquals(List.of(a), w.takeDue(700));
    }
}
