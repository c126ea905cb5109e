package io.throng.load.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.chat.service.ChatConfig;
import io.throng.load.LoadRunner;
import io.throng.load.TargetPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code throng load chat} against the real chat server in this JVM, directly and through a sabotaging proxy. */
class ChatLoadTest {
    private static final int USERS = 50;
    private static final int ROOMS = 5;

    @TempDir
    Path dir;

    private static ChatScenario scenario(int port) {
        return ChatScenario.of("ws://127.0.0.1:" + port + "/ws", USERS, ROOMS, Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(5), 0, 1);
    }

    private static ChatReport run(ChatScenario s) throws InterruptedException {
        return new LoadRunner(new TargetPolicy(Set.of())).run(new ChatLoad(s, 2, null));
    }

    @Test
    void everyMemberGetsEveryMessageOfTheRealServer() throws Exception {
        try (ChatServerFixture server = new ChatServerFixture(dir)) {
            ChatReport r = run(scenario(server.port()));
            List<String> violations = r.violations(null, 0, 0);
            assertTrue(violations.isEmpty(), r.summary(violations));
            assertEquals(USERS, r.peakConnected(), r.summary(violations));
            assertTrue(r.says() >= USERS * 4, r.summary(violations)); // 3 s steady at 2 msg/s each, plus the ramp
            assertEquals(r.says(), r.acks(), r.summary(violations));
            assertEquals(0, r.lost());
            assertEquals(0, r.duplicated());
            assertEquals(0, r.outOfOrder());
            assertEquals(r.delivered(), r.latency().getTotalCount(), "every delivery is timed");
            for (RoomTally room : r.rooms()) {
                assertEquals(USERS / ROOMS, room.openMembers(), "every member of " + room.room() + " heard the room");
            }
            // each message reaches every member that joined before it, so deliveries are close to says * members
            assertTrue(r.delivered() > r.says() * (USERS / ROOMS) * 8 / 10, r.summary(violations));
        }
    }

    @Test
    void aDroppedDuplicatedAndReorderedMessageAreEachCountedAndFailTheRun() throws Exception {
        try (ChatServerFixture server = new ChatServerFixture(dir);
                SabotagingProxy proxy = new SabotagingProxy(server.port())) {
            ChatReport r = run(scenario(proxy.port()));
            List<String> violations = r.violations(null, 0, -1);
            assertEquals(1, r.lost(), r.summary(violations));
            assertEquals(1, r.duplicated(), r.summary(violations));
            assertEquals(1, r.outOfOrder(), r.summary(violations));
            assertFalse(violations.isEmpty(), "a lost message fails --max-lost 0");
        }
    }

    /**
     * The proxy cuts half the connections twice during the run while the other half keep talking. Every cut user
     * reconnects and resumes: the server replays what it missed (checked on the server's own counter), its
     * unacknowledged says are resent with the same cid, and in the end nothing is lost, duplicated or unacked.
     */
    @Test
    void droppedUsersReconnectResumeAndMissNothing() throws Exception {
        try (ChatServerFixture server = new ChatServerFixture(dir);
                SabotagingProxy proxy = SabotagingProxy.cutting(server.port(), 1_500, 2_500)) {
            ChatReport r = run(scenario(proxy.port()));
            List<String> violations = r.violations(null, 0, 0);
            System.out.println("cut " + proxy.cut() + " connections:\n" + r.summary(violations));
            assertTrue(proxy.cut() >= USERS / 2, "the proxy cut " + proxy.cut() + " connections");
            assertTrue(violations.isEmpty(), r.summary(violations));
            assertEquals(0, r.lost(), r.summary(violations));
            assertEquals(0, r.unacked(), r.summary(violations));
            assertEquals(r.says(), r.acks(), r.summary(violations));
            // at most one resume per cut connection: a user cut before it had joined (a loaded box) starts over
            // instead, and one cut again before its resume completed resumes once
            assertTrue(r.reconnects() > 0 && r.reconnects() <= proxy.cut(),
                    r.reconnects() + " reconnects for " + proxy.cut() + " cut connections\n" + r.summary(violations));
            assertEquals(0, r.gaps(), r.summary(violations));
            assertTrue(server.chat.stats().replayed() > 0, "missed messages came back as replays");
            assertEquals(r.reconnects(), new ObjectMapper().readTree(r.json(violations)).get("reconnects").asLong());
        }
    }

    /** With a replay window of one message, a resumed user gets a gap instead: counted as gapped, not as lost. */
    @Test
    void aGapTheServerDeclaresIsCountedAndNotLost() throws Exception {
        ChatConfig oneMessage = ChatConfig.defaults().withOutbox(ChatConfig.defaults().outboxCapacity(), 1);
        try (ChatServerFixture server = new ChatServerFixture(dir, oneMessage);
                SabotagingProxy proxy = SabotagingProxy.cutting(server.port(), 4_000, 8_000)) {
            // one busy room (40 members, 80 msg/s), so a cut user misses more than one message while away
            ChatScenario oneRoom = ChatScenario.of("ws://127.0.0.1:" + proxy.port() + "/ws", 40, 1,
                    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10),
                    Duration.ofSeconds(5), 0, 1);
            ChatReport r = run(oneRoom);
            List<String> violations = r.violations(null, 0, 0);
            assertTrue(r.gaps() > 0 && r.gapped() > 0, r.summary(violations));
            assertEquals(0, r.lost(), r.summary(violations));
            assertEquals(0, r.duplicated() + r.outOfOrder(), r.summary(violations));
            assertTrue(r.summary(violations).contains(r.gaps() + " gaps (" + r.gapped() + " messages"));
        }
    }

    /** With reconnection off, the cut users are gone: counted as dropped, no reconnects. */
    @Test
    void withoutReconnectCutUsersAreDropped() throws Exception {
        try (ChatServerFixture server = new ChatServerFixture(dir);
                SabotagingProxy proxy = SabotagingProxy.cutting(server.port(), 1_500)) {
            ChatReport r = run(scenario(proxy.port()).withReconnect(false));
            assertEquals(0, r.reconnects());
            long dropped = r.errors().getOrDefault("dropped", 0L);
            assertTrue(dropped > 0 && dropped <= proxy.cut(), dropped + " dropped of " + proxy.cut() + " cut\n"
                    + r.summary(List.of()));
        }
    }
}
