package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.protocol.Frame;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How a room's pass holds and wakes outboxes: once each, never waiting for another room, never past its limit. */
class WakeupsTest {
    private static final Frame FRAME = new Frame("{\"type\":\"message\"}", false, 0);

    private static Outbox outbox(AtomicInteger wakes) {
        Outbox o = new Outbox(64, 1 << 20, new ChatStats());
        o.onReady(wakes::incrementAndGet);
        return o;
    }

    @Test
    void framesOfOnePassWakeTheirOutboxOnceWhenThePassEnds() {
        AtomicInteger wakes = new AtomicInteger();
        Outbox o = outbox(wakes);
        Wakeups pass = new Wakeups(1024);
        for (int i = 0; i < 3; i++) {
            assertTrue(o.offer(FRAME, pass));
        }
        assertEquals(0, wakes.get(), "held until the pass ends");
        assertEquals(1, pass.holding());
        pass.release();
        assertEquals(1, wakes.get());
        assertEquals(3, o.size(), "every frame is there for the one wake-up to move");
        assertTrue(o.offer(FRAME, pass));
        pass.release();
        assertEquals(2, wakes.get(), "a later pass holds it again");
    }

    @Test
    void anOutboxAnotherRoomHoldsIsWokenAtOnce() {
        AtomicInteger wakes = new AtomicInteger();
        Outbox o = outbox(wakes);
        Wakeups first = new Wakeups(1024);
        Wakeups second = new Wakeups(1024);
        o.offer(FRAME, first);
        o.offer(FRAME, second);
        assertEquals(1, wakes.get(), "the second room does not wait for the first room's pass");
        assertEquals(0, second.holding());
        first.release();
        assertEquals(2, wakes.get());
    }

    @Test
    void aPassReleasesAtItsLimitOfMessages() {
        AtomicInteger wakes = new AtomicInteger();
        Outbox o = outbox(wakes);
        Wakeups pass = new Wakeups(64); // an eighth of the capacity: 8 messages
        for (int m = 1; m <= 7; m++) {
            o.offer(FRAME, pass);
            pass.counted();
        }
        assertEquals(0, wakes.get());
        o.offer(FRAME, pass);
        pass.counted();
        assertEquals(1, wakes.get(), "the eighth message releases the pass");
        assertEquals(0, pass.holding());
    }

    @Test
    void aTinyOutboxIsWokenForEveryMessage() {
        AtomicInteger wakes = new AtomicInteger();
        Outbox o = outbox(wakes);
        Wakeups pass = new Wakeups(4);
        o.offer(FRAME, pass);
        pass.counted();
        assertEquals(1, wakes.get());
    }
}
