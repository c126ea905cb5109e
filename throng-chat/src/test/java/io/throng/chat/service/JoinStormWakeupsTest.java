package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A ramp's join storm: each join sends every member a {@code joined} frame, so a room of N that fills
 * up sends about N²/2 of them. Joins a room takes in one cycle wake each member once, not once per
 * join: five joins are one wake-up (one write(2) on a WebSocket) for a member already there, and every
 * frame still arrives, in order. The five joins are queued for certain while the room's thread waits in
 * its first append (the log's hook), so the room takes them together in its next cycle.
 */
class JoinStormWakeupsTest extends TwoNodes {
    @Override
    ChatConfig config() {
        return ChatConfig.defaults().withRate(1e6, 1_000_000);
    }

    @Test
    void fiveJoinsInOneCycleWakeAMemberOnce() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        List<TestClient> late = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            TestClient c = new TestClient(one);
            c.hello("u" + k); // its inbox join is another room's
            late.add(c);
        }
        one.sync();
        alice.drainNow();
        AtomicInteger aliceWakes = alice.countWakeups();

        n1.beforeAppend = () -> { // on room r's thread, inside the append of alice's message
            n1.beforeAppend = null;
            for (TestClient c : late) {
                try {
                    c.send(new ClientMessage.Join("r", OptionalLong.empty()));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        alice.say("r", "m1", "hello");
        alice.ackOf("m1");
        List<String> joined = new ArrayList<>();
        while (joined.size() < 5) {
            if (alice.next() instanceof ServerMessage.Presence p && p.event() == ServerMessage.Presence.Event.JOINED) {
                joined.add(p.nick());
            }
        }
        one.sync();

        assertEquals(List.of("u1", "u2", "u3", "u4", "u5"), joined, "every join announced, in the room's order");
        assertEquals(2, aliceWakes.get(), "one wake-up for the message and its ack, one for the five joins");
        for (TestClient c : late) {
            c.await(m -> m instanceof ServerMessage.Presence p && p.event() == ServerMessage.Presence.Event.ONLINE);
        }
    }
}
