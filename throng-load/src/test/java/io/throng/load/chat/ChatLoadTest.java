package io.throng.load.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        return new ChatRunner(new TargetPolicy(Set.of()), null).run(s, 2);
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
}
