package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.ServerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Presence follows the clock, not the connections: a quick reconnect does not flap. */
class PresenceTest extends ServiceFixture {

    @Override
    ChatConfig config() {
        return super.config().withTimes(Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    @Test
    void aReconnectWithinTheGraceIsInvisibleAndALongerAbsenceIsAnnounced() throws Exception {
        start();
        aliceAndBobJoin("r");
        assertEquals(ServerMessage.Presence.joined("r", "bob"), alice.next());

        bob.drop();
        clock.advance(Duration.ofSeconds(9));
        service.sweep();
        service.sync();
        assertEquals(List.of(), alice.drainNow(), "within the grace nothing is said");
        bob.resume(Map.of("r", 0L));
        service.sync();
        assertEquals(List.of(), alice.drainNow(), "a resume within the grace is invisible");
        assertEquals(List.of("alice", "bob"), bob.expect(ServerMessage.Presence.class).online());

        bob.drop();
        clock.advance(Duration.ofSeconds(10));
        service.sweep();
        assertEquals(ServerMessage.Presence.left("r", "bob"), alice.next());
        service.sweep(); // said once
        service.sync();
        assertEquals(List.of(), alice.drainNow());

        bob.resume(Map.of("r", 0L));
        assertEquals(ServerMessage.Presence.joined("r", "bob"), alice.next(), "back within the session TTL");
    }

    @Test
    void aUserWithTwoSessionsIsOnlineUntilBothAreGone() throws Exception {
        start();
        TestClient alice = new TestClient(service);
        TestClient phone = new TestClient(service);
        TestClient laptop = new TestClient(service);
        alice.hello("alice");
        phone.hello("bob");
        laptop.hello("bob");
        alice.join("r");
        phone.join("r");
        laptop.join("r");
        assertEquals(ServerMessage.Presence.joined("r", "bob"), alice.next());
        laptop.send(new ClientMessage.Leave("r"));
        assertEquals(ServerMessage.Presence.left("r", "bob"), laptop.await(m -> m instanceof ServerMessage.Presence));
        service.sync();
        assertEquals(List.of(), alice.drainNow(), "bob is still there on his phone");
        phone.send(new ClientMessage.Leave("r"));
        assertEquals(ServerMessage.Presence.left("r", "bob"), alice.next());
    }

    @Test
    void anExpiredSessionLeavesItsRooms() throws Exception {
        start();
        aliceAndBobJoin("r");
        alice.next();
        bob.drop();
        clock.advance(Duration.ofSeconds(60)); // past grace and TTL at once
        service.sweep();
        assertEquals(ServerMessage.Presence.left("r", "bob"), alice.next());
        assertEquals(1, service.sessionCount());
    }

    @Test
    void theSweeperAppliesTheClockByItself() throws Exception {
        start();
        TestClient bob = new TestClient(service);
        bob.hello("bob");
        bob.drop();
        clock.advance(Duration.ofSeconds(60));
        service.startSweeper(Duration.ofMillis(5));
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (service.sessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.yield(); // awaiting a condition with a deadline, not sleeping
        }
        assertEquals(0, service.sessionCount(), "the expired session was swept");
    }
}
