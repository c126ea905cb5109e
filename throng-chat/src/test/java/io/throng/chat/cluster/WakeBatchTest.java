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
        w.add(List.of(a), 1_000);
        w.add(List.of(b, a), 1_060); // a later message does not push the first one's wake-up back
        assertEquals(40, w.nanosUntilDue(1_060));
        assertTrue(w.takeDue(1_099).isEmpty());
        assertEquals(List.of(a, b), w.takeDue(1_100)); // oldest first, each once
        assertEquals(Long.MAX_VALUE, w.nanosUntilDue(1_100));
        assertTrue(w.takeDue(5_000).isEmpty());
    }

    @Test
    void aNewSpanStartsWithTheNextTouch() {
        Outbox a = outbox();
        WakeBatch w = new WakeBatch(100);
        w.add(List.of(), 0); // a message for connections this worker no longer has starts nothing
        assertEquals(Long.MAX_VALUE, w.nanosUntilDue(0));
        w.add(List.of(a), 500);
        assertEquals(100, w.nanosUntilDue(500));
        assertEquals(0, w.nanosUntilDue(700));
        assertEquals(List.of(a), w.takeDue(700));
    }
}
