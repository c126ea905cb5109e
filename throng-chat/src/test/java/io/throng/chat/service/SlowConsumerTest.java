package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.channels.Received;
import io.throng.chat.protocol.Codec;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import io.throng.chat.protocol.ServerMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client that does not read is cut off; the room goes on for everyone else. */
class SlowConsumerTest extends ServiceFixture {

    @Override
    ChatConfig config() {
        return super.config().withOutbox(16, 10);
    }

    @Test
    void aStalledMemberIsDisconnectedWithoutDelayingTheOthersAndCanCatchUp() throws Exception {
        start();
        TestClient alice = new TestClient(service);
        TestClient bob = new TestClient(service);
        TestClient carol = new TestClient(service);
        alice.hello("alice");
        bob.hello("bob");
        carol.hello("carol");
        alice.join("r");
        bob.join("r");
        carol.join("r"); // and then never reads
        service.sync();
        alice.drainNow();
        bob.drainNow();

        int total = 60; // far more than carol's 16-frame outbox
        for (int i = 1; i <= total; i++) {
            alice.say("r", "c" + i, "m" + i);
            assertEquals(i, alice.ackOf("c" + i).seq(), "acks never wait for carol");
            assertEquals(i, bob.expect(ServerMessage.Message.class).seq(), "bob gets every message at once");
            alice.drainNow();
        }
        Outbox stalled = carol.connection.outbox();
        assertEquals(ErrorCode.SLOW_CONSUMER, stalled.closeReason());
        assertEquals(1, service.stats().slowConsumers());

        // What was queued can still be written, then the closing error.
        long lastSeen = 0;
        while (stalled.receive(TestClient.WAIT) instanceof Received.Value<Frame>(Frame f)) {
            if (Codec.decodeServer(f.json()) instanceof ServerMessage.Message m) {
                assertEquals(lastSeen + 1, m.seq());
                lastSeen = m.seq();
            }
        }
        ServerMessage.Error closing = assertInstanceOf(ServerMessage.Error.class,
                Codec.decodeServer(stalled.closingFrame().orElseThrow().json()));
        assertEquals(ErrorCode.SLOW_CONSUMER, closing.code());
        assertTrue(lastSeen > 0 && lastSeen < total);

        // The session survived: resuming closes the hole (a replay, or a gap signal, never silence).
        carol.resume(Map.of("r", lastSeen));
        ServerMessage next = carol.await(m -> m instanceof ServerMessage.Gap || m instanceof ServerMessage.Message);
        assertEquals(new ServerMessage.Gap("r", lastSeen, total, "window"), next);
    }

    @Test
    void aNearlyFullOutboxDropsPresenceChangesButNotMessages() throws Exception {
        start();
        Outbox o = new Outbox(8, 1 << 20, service.stats());
        Frame message = Frame.of(new ServerMessage.Message("r", 1, "a", "t", 0, null));
        Frame presence = Frame.of(ServerMessage.Presence.joined("r", "x"));
        for (int i = 0; i < 6; i++) {
            assertTrue(o.offer(message));
        }
        assertTrue(o.offer(presence), "dropped, not fatal");
        assertEquals(6, o.size());
        assertEquals(1, service.stats().ephemeralDropped());
        assertTrue(o.offer(Frame.of(ServerMessage.Presence.online("r", List.of("x")))), "the full list is kept");
        assertTrue(o.offer(message));
        assertEquals(8, o.size());
        assertNull(o.closeReason());
        assertFalse(o.offer(message), "the ninth frame overflows");
        assertEquals(ErrorCode.SLOW_CONSUMER, o.closeReason());
        assertFalse(o.offer(message), "closed stays closed");
        assertEquals(8, o.drain(100).size());
        assertTrue(o.receive(TestClient.WAIT) instanceof Received.Closed);
    }

    @Test
    void theOutboxIsBoundedInCharactersTooButTakesOneBigFrameWhenEmpty() throws Exception {
        start();
        Outbox o = new Outbox(100, 2000, service.stats());
        Frame big = Frame.of(new ServerMessage.Message("r", 1, "a", "x".repeat(5000), 0, null));
        Frame mid = Frame.of(new ServerMessage.Message("r", 2, "a", "x".repeat(1200), 0, null));
        assertTrue(o.offer(big), "an empty outbox takes any one frame (a full history page)");
        assertEquals(big.json().length(), o.chars());
        assertEquals(big, o.drain(1).getFirst());
        assertEquals(0, o.chars());
        assertTrue(o.offer(mid));
        assertFalse(o.offer(mid), "2 x 1200+ characters exceed 2000");
        assertEquals(ErrorCode.SLOW_CONSUMER, o.closeReason());
    }
}
