package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.protocol.ServerMessage.Presence;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Presence across two chat services in one JVM that tell each other their lists as NOTIFY would
 * ({@link SharedLog} with {@code sharesPresence}), on a clock only the test moves: so "not before the
 * grace" is exact. What crosses between the nodes is asynchronous; a test that must show something did
 * not happen waits for a later event that travels the same way (a marker), never for a while.
 */
class PresenceAcrossNodesTest extends TwoNodes {
    private static final Duration GRACE = Duration.ofSeconds(15);

    @Override
    ChatConfig config() {
        return ChatConfig.defaults().withTimes(GRACE, Duration.ofSeconds(600));
    }

    @Override
    boolean sharesPresence() {
        return true;
    }

    private static Presence awaitPresence(TestClient c, Presence p) throws InterruptedException {
        return (Presence) c.await(p::equals);
    }

    /** Frames {@code c} got that say {@code nick} left {@code room}. */
    private static long leaves(List<ServerMessage> frames, String room, String nick) {
        return frames.stream().filter(Presence.left(room, nick)::equals).count();
    }

    private void sweepBoth() throws InterruptedException {
        one.sweep();
        two.sweep();
        one.sync();
        two.sync();
    }

    @Test
    void aJoinOnOneNodeIsAnnouncedOnTheOtherAndInItsOnlineLists() throws Exception {
        TestClient bob = joined(two, "bob", "r");
        TestClient alice = joined(one, "alice", "r");
        awaitPresence(bob, Presence.joined("r", "alice"));
        TestClient carol = new TestClient(two);
        carol.hello("carol");
        assertEquals(List.of("alice", "bob", "carol"), carol.join("r").online());
        two.sync();
        assertEquals(List.of(Presence.joined("r", "carol")), bob.drainNow().stream().filter(m -> m instanceof Presence)
                .toList(), "alice's arrival was said once");
        alice.drainNow();
    }

    @Test
    void aRoomStartingOnANodeAfterTheOthersListArrivedBeginsWithIt() throws Exception {
        joined(one, "dan", "s");
        TestClient eve = new TestClient(two);
        eve.hello("eve");
        long end = System.nanoTime() + TestClient.WAIT.toNanos();
        while (true) { // dan's list may reach node two after eve's first join: then join again, as a client would
            List<String> online = eve.join("s").online();
            if (online.contains("dan")) {
                assertEquals(List.of("dan", "eve"), online);
                return;
            }
            assertTrue(System.nanoTime() < end, "dan never in the online list: " + online);
        }
    }

    @Test
    void aDetachedUserLeavesTheOtherNodeOnceAfterTheGraceNotBefore() throws Exception {
        TestClient bob = joined(two, "bob", "r");
        TestClient alice = joined(one, "alice", "r");
        awaitPresence(bob, Presence.joined("r", "alice"));
        alice.drop();
        clock.advance(GRACE.minusMillis(1));
        sweepBoth();
        TestClient dan = joined(one, "dan", "r"); // the marker: one's next list, after any it sent at the sweep
        awaitPresence(bob, Presence.joined("r", "dan"));
        assertEquals(0, leaves(bob.drainNow(), "r", "alice"), "alice left before the grace ended");

        clock.advance(Duration.ofMillis(1));
        sweepBoth();
        awaitPresence(bob, Presence.left("r", "alice"));
        for (int i = 0; i < 3; i++) { // heartbeats after it repeat one's list: nothing more to say
            clock.advance(GRACE.dividedBy(3));
            sweepBoth();
        }
        dan.send(new ClientMessage.Leave("r"));
        awaitPresence(bob, Presence.left("r", "dan"));
        assertEquals(0, leaves(bob.drainNow(), "r", "alice"), "alice's leaving was said once");
    }

    @Test
    void aUserWithSessionsOnBothNodesStaysOnlineWhileEitherIsThere() throws Exception {
        TestClient bob = joined(two, "bob", "r");
        TestClient laptop = joined(one, "alice", "r");
        awaitPresence(bob, Presence.joined("r", "alice"));
        TestClient phone = joined(two, "alice", "r");
        laptop.send(new ClientMessage.Leave("r"));
        joined(one, "dan", "r");
        awaitPresence(bob, Presence.joined("r", "dan"));
        assertEquals(0, leaves(bob.drainNow(), "r", "alice"), "alice is still there on her phone");
        phone.send(new ClientMessage.Leave("r"));
        awaitPresence(bob, Presence.left("r", "alice"));
    }

    @Test
    void aSilentNodesUsersLeaveOneGraceAfterItsLastListNotBefore() throws Exception {
        TestClient bob = joined(two, "bob", "r");
        joined(one, "alice", "r");
        awaitPresence(bob, Presence.joined("r", "alice")); // heard at the clock's now: it expires a grace later
        one.close(); // as dead as it gets here: no goodbye, no more heartbeats
        clock.advance(GRACE.minusMillis(1));
        two.sweep();
        two.sync();
        assertEquals(0, leaves(bob.drainNow(), "r", "alice"), "gone before the grace ended");
        clock.advance(Duration.ofMillis(1));
        two.sweep();
        awaitPresence(bob, Presence.left("r", "alice"));
        clock.advance(GRACE);
        two.sweep();
        two.sync();
        assertEquals(0, leaves(bob.drainNow(), "r", "alice"), "said once");
    }

    @Test
    void lostHeartbeatsOnlyDelayAndDoNotFlap() throws Exception {
        TestClient bob = joined(two, "bob", "r");
        joined(one, "alice", "r");
        awaitPresence(bob, Presence.joined("r", "alice"));
        n2.presenceDeaf = true;
        for (int i = 0; i < 2; i++) { // two heartbeats lost: 10 s of the 15 s grace
            clock.advance(GRACE.dividedBy(3));
            sweepBoth();
        }
        long end = System.nanoTime() + TestClient.WAIT.toNanos();
        while (n2.presenceDropped.get() < 2 && System.nanoTime() < end) {
            Thread.yield(); // the heartbeats are sent by one's own thread: wait until they were lost
        }
        assertTrue(n2.presenceDropped.get() >= 2, "the heartbeats were sent and lost");
        n2.presenceDeaf = false;
        joined(one, "dan", "r"); // one's next list, heard now
        awaitPresence(bob, Presence.joined("r", "dan"));
        clock.advance(GRACE.dividedBy(3)); // past the first list's expiry, within the last one's
        two.sweep();
        two.sync();
        assertEquals(0, leaves(bob.drainNow(), "r", "alice"), "alice flapped");
    }

    @Test
    void inboxesNeverTravelAndAPrivateRoomsPresenceReachesOnlyItsMembers() throws Exception {
        TestClient alice = new TestClient(one);
        alice.hello("alice");
        alice.send(new ClientMessage.Create("vault", true));
        alice.await(m -> m instanceof ServerMessage.Members);
        alice.send(new ClientMessage.Invite("vault", "frank"));
        alice.await(m -> m instanceof ServerMessage.Members);
        two.directory().reloadAll(); // what the records' notice does on PostgreSQL
        alice.join("vault");
        TestClient erin = new TestClient(two);
        erin.hello("erin");
        erin.send(new ClientMessage.Join("vault", OptionalLong.empty()));
        assertEquals(ErrorCode.FORBIDDEN, ((ServerMessage.Error) erin.await(m -> m instanceof ServerMessage.Error)).code());
        TestClient frank = joined(two, "frank", "vault");
        alice.send(new ClientMessage.Leave("vault"));
        awaitPresence(frank, Presence.left("vault", "alice"));
        assertTrue(erin.drainNow().stream().noneMatch(m -> m instanceof Presence p && p.room().equals("vault")),
                "a non-member heard of the private room");
        assertTrue(log.presenceRooms().stream().noneMatch(r -> r.startsWith("@")), "an inbox's presence travelled");
        assertTrue(log.presenceRooms().contains("vault"));
    }
}
