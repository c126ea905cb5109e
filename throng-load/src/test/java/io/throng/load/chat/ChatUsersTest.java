package io.throng.load.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.load.Connects;
import io.throng.load.LoadRunner;
import io.throng.load.TargetPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every user a chat run asks for ends in one bucket (joined, refused, timed out, failed, not started, still
 * connecting) and the buckets add up to the users asked. A gate lets only some users through to the real server.
 */
class ChatUsersTest {
    private static final int USERS = 20;
    private static final int PASSED = 12;

    @TempDir
    Path dir;

    private ChatReport run(Duration timeout) throws Exception {
        try (ChatServerFixture server = new ChatServerFixture(dir);
                GateProxy gate = new GateProxy(server.port(), PASSED)) {
            ChatScenario s = ChatScenario.of("ws://127.0.0.1:" + gate.port() + "/ws", USERS, 2, Duration.ofMillis(500),
                    Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), timeout, 0, 1);
            return new LoadRunner(new TargetPolicy(Set.of())).run(new ChatLoad(s, 2, null));
        }
    }

    @Test
    void usersStillWaitingForTheirUpgradeWhenTheRunEndsArePendingAndCountAsConnectErrors() throws Exception {
        ChatReport r = run(Duration.ofSeconds(30)); // longer than the run: their attempts are cut off by its end
        String summary = r.summary(List.of());
        assertEquals(new Connects(USERS, PASSED, 0, 0, 0, 0, USERS - PASSED), r.users(), summary);
        assertEquals(USERS - PASSED, r.errors().get("connect"), summary);
        assertEquals(PASSED, r.peakConnected(), summary);
        assertTrue(summary.contains("users        20 asked, 12 held, 8 not held (pending 8)"), summary);
    }

    @Test
    void usersWhoseUpgradeTimesOutAreTimedOut() throws Exception {
        // 300 ms to join; a retry would come a second later, after sending ended, so there is none
        ChatReport r = run(Duration.ofMillis(300));
        String summary = r.summary(List.of());
        assertEquals(new Connects(USERS, PASSED, 0, USERS - PASSED, 0, 0, 0), r.users(), summary);
        assertEquals(USERS - PASSED, r.errors().get("connect"), summary);
    }
}
