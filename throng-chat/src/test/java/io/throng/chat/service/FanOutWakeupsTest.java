package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A room wakes each member's transport once per fan-out pass, not once per frame: a batch of four
 * messages is one wake-up (so one write(2) on a WebSocket) for each member and for the sender's acks and
 * copies together, on the committing node and on the node that catches up from the log. The batch is
 * made for certain: the sends after the first are queued while the room's first append waits in the
 * log's hook, so the room takes them together in its next cycle.
 */
class FanOutWakeupsTest extends TwoNodes {
    @Override
    ChatConfig config() {
        return ChatConfig.defaults().withRate(1e6, 1_000_000);
    }

    @Test
    void aBatchOfFourMessagesWakesEachMemberOnceOnBothNodes() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        TestClient bob = joined(one, "bob", "r");
        TestClient carol = joined(two, "carol", "r");
        one.sync();
        two.sync();
        List.of(alice, bob, carol).forEach(TestClient::drainNow); // online lists and joins
        AtomicInteger aliceWakes = alice.countWakeups();
        AtomicInteger bobWakes = bob.countWakeups();
        AtomicInteger carolWakes = carol.countWakeups();

        n1.beforeAppend = () -> { // on room r's thread, inside its first append
            n1.beforeAppend = null;
            for (int k = 2; k <= 5; k++) {
                alice.say("r", "m" + k, "message " + k);
            }
        };
        alice.say("r", "m1", "message 1");

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(bob, 5));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(carol, 5));
        for (int k = 1; k <= 5; k++) {
            alice.ackOf("m" + k);
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(alice, 5));
        one.sync();
        two.sync();
        assertEquals(2, bobWakes.get(), "one wake-up for the first message, one for the batch of four");
        assertEquals(2, aliceWakes.get(), "the sender's acks and copies of a batch: one wake-up");
        assertTrue(carolWakes.get() <= 2, "the other node: one wake-up per notice at most, was " + carolWakes.get());
    }


    private static List<Long> seqs(TestClient c, int n) throws InterruptedException {
        List<Long> out = new ArrayList<>();
        while (out.size() < n) {
            if (c.next() instanceof ServerMessage.Message m) {
                out.add(m.seq());
            }
        }
        return out;
    }
}
