package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.ServerMessage;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Sessions outlive connections: every missed message is replayed, or a gap is said out loud. */
class ResumeTest extends ServiceFixture {

    @Override
    ChatConfig config() {
        return super.config().withOutbox(64, 20);
    }

    @Test
    void aResumedSessionGetsEveryMissedMessageInOrderThenLiveOnes() throws Exception {
        start();
        aliceAndBobJoin("r");
        alice.say("r", "a0", "seen");
        assertEquals(1, bob.expect(ServerMessage.Message.class).seq());

        bob.drop();
        for (int i = 1; i <= 5; i++) {
            alice.say("r", "a" + i, "missed " + i);
        }
        assertEquals(6, alice.ackOf("a5").seq());

        ServerMessage.Welcome w = assertInstanceOf(ServerMessage.Welcome.class, bob.resume(Map.of("r", 1L)));
        assertTrue(w.resumed());
        assertEquals(bob.token, w.session(), "the same session");
        assertEquals(ServerMessage.Presence.Event.ONLINE, bob.expect(ServerMessage.Presence.class).event());
        for (long seq = 2; seq <= 6; seq++) {
            assertEquals(seq, bob.expect(ServerMessage.Message.class).seq());
        }
        alice.say("r", "a6", "live");
        assertEquals(7, bob.expect(ServerMessage.Message.class).seq());
        assertEquals(5, service.stats().replayed());
    }

    @Test
    void resumingWhileTheRoomIsBusyNeitherSkipsNorRepeats() throws Exception {
        start(ChatConfig.defaults().withRate(1e6, 1_000_000)); // replay window 500
        aliceAndBobJoin("r");
        service.sync();
        bob.drop();
        int total = 300;
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 1; i <= total; i++) {
                    alice.say("r", "c" + i, "m" + i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        alice.ackOf("c20"); // some are stored before the resume, the rest race with it
        bob.resume(Map.of("r", 0L));
        long expected = 1;
        while (expected <= total) {
            if (bob.next() instanceof ServerMessage.Message m) {
                assertEquals(expected, m.seq(), "contiguous, no duplicate");
                expected++;
            }
        }
        sender.join();
    }

    @Test
    void tooManyMissedMessagesGiveAGapSignalAndHistoryFillsIt() throws Exception {
        start();
        aliceAndBobJoin("r");
        bob.drop();
        for (int i = 1; i <= 30; i++) { // replay window is 20
            alice.say("r", "c" + i, "m" + i);
        }
        alice.ackOf("c30");
        bob.resume(Map.of("r", 4L));
        ServerMessage.Gap gap = (ServerMessage.Gap) bob.await(m -> m instanceof ServerMessage.Gap);
        assertEquals(new ServerMessage.Gap("r", 4, 30, "window"), gap);
        alice.say("r", "c31", "live after the gap");
        assertEquals(ServerMessage.Presence.Event.ONLINE, bob.expect(ServerMessage.Presence.class).event());
        assertEquals(31, bob.expect(ServerMessage.Message.class).seq(), "live continues at upto+1");

        bob.send(new ClientMessage.History("r", OptionalLong.empty(), OptionalLong.of(gap.after()),
                (int) (gap.upto() - gap.after())));
        ServerMessage.HistoryPage page = bob.expect(ServerMessage.HistoryPage.class);
        assertEquals(26, page.messages().size());
        assertEquals(5, page.messages().getFirst().seq());
        assertEquals(30, page.messages().getLast().seq());
        assertTrue(page.more(), "seq 31 exists beyond this page");
        assertEquals(1, service.stats().gaps());
    }

    @Test
    void aClientAheadOfTheServerIsToldSo() throws Exception {
        start();
        TestClient bob = new TestClient(service);
        bob.hello("bob");
        bob.join("r");
        bob.drop();
        bob.resume(Map.of("r", 99L));
        assertEquals(new ServerMessage.Gap("r", 99, 0, "ahead"),
                bob.await(m -> m instanceof ServerMessage.Gap));
    }

    @Test
    void anExpiredSessionIsRefusedAndJoinAfterReplaysInstead() throws Exception {
        start();
        aliceAndBobJoin("r");
        bob.drop();
        clock.advance(service.config().sessionTtl());
        service.sweep();
        alice.say("r", "c1", "while bob was gone");
        alice.ackOf("c1");

        ServerMessage.Error e = assertInstanceOf(ServerMessage.Error.class, bob.resume(Map.of("r", 0L)));
        assertEquals(ErrorCode.UNKNOWN_SESSION, e.code());
        bob.hello("bob");
        bob.send(new ClientMessage.Join("r", OptionalLong.of(0)));
        assertEquals(1, bob.expect(ServerMessage.Presence.class).online().size() - 1, "alice and bob");
        ServerMessage.Message m = bob.expect(ServerMessage.Message.class);
        assertEquals(1, m.seq());
        assertEquals("while bob was gone", m.text());
    }

    @Test
    void aSecondConnectionResumingTheSameSessionReplacesTheFirst() throws Exception {
        start();
        TestClient bob = new TestClient(service);
        bob.hello("bob");
        Connection first = bob.connection;
        bob.resume(Map.of());
        assertEquals(ErrorCode.REPLACED, first.outbox().closeReason());
        assertEquals(ErrorCode.REPLACED,
                ((ServerMessage.Error) io.throng.chat.protocol.Codec.decodeServer(
                        first.outbox().closingFrame().orElseThrow().json())).code());
    }
}
