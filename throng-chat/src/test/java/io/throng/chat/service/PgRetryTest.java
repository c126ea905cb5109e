package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.StoredMessage;
import io.throng.chat.store.postgres.PgCluster;
import io.throng.chat.store.postgres.PgMessageLog;
import io.throng.chat.store.postgres.PgUrl;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a room does not look a send up before appending it ({@code answersDuplicates}): the
 * append answers a retry with the original. Here the retries are ones the room cannot know from its
 * recent ids: sent before this process started (a restart, or a client moved from another node). They
 * must be acknowledged with the original sequence and stored once, spend no sequence, and the room's next
 * message must get the very next sequence and reach the members live.
 */
class PgRetryTest {
    @Test
    void aRetryOfAMessageStoredBeforeThisProcessIsAnsweredByTheAppendAndSpendsNoSequence() throws Exception {
        String url = PgCluster.sharedDatabase();
        try (PgMessageLog log = PgMessageLog.open(PgUrl.parse(url), 2)) {
            assertTrue(log.answersDuplicates());
            // Stored through another node (another log on the database) before this room existed here.
            try (PgMessageLog other = PgMessageLog.open(PgUrl.parse(url), 1)) {
                other.append(List.of(new StoredMessage("lobby", 1, "alice", "c1", "first", 1),
                        new StoredMessage("lobby", 2, "alice", "c2", "second", 2))).get();
            }
            ChatService service = new ChatService(log, ChatConfig.defaults().withRate(1e6, 1_000_000), new MutableClock());
            try {
                TestClient alice = new TestClient(service);
                TestClient bob = new TestClient(service);
                alice.hello("alice");
                bob.hello("bob");
                alice.join("lobby");
                bob.join("lobby");
                // Two retries and a new send in one batch, the retries first: their drafts take 3 and 4.
                alice.say("lobby", "c1", "first");
                alice.say("lobby", "c2", "second");
                alice.say("lobby", "c3", "third");
                assertEquals(1, alice.ackOf("c1").seq());
                assertEquals(2, alice.ackOf("c2").seq());
                assertEquals(3, alice.ackOf("c3").seq(), "the retries spent no sequence");
                alice.say("lobby", "c4", "fourth");
                assertEquals(4, alice.ackOf("c4").seq());
                for (String text : List.of("third", "fourth")) {
                    ServerMessage.Message m = (ServerMessage.Message) bob.await(f -> f instanceof ServerMessage.Message msg
                            && msg.text().equals(text));
                    assertEquals(text.equals("third") ? 3 : 4, m.seq());
                }
                service.sync();
                assertTrue(bob.drainNow().stream().noneMatch(f -> f instanceof ServerMessage.Message),
                        "the retries were fanned out again");
                assertEquals(List.of("first", "second", "third", "fourth"),
                        log.after("lobby", 0, 10).stream().map(StoredMessage::text).toList());
            } finally {
                service.close();
            }
        }
    }

    /**
     * Retries answered as duplicates spend no sequence, so the room's head must follow the log's answers,
     * not its drafts. If it kept the drafts', every retry would push it one further past the log: once
     * more than the replay window past what the members have, the room would tell them a gap that does not
     * exist and skip its next messages as "already delivered". Here the window is 4 and six retries come.
     */
    @Test
    void retriesTheLogAnswersDoNotMoveTheRoomsHeadPastTheLog() throws Exception {
        String url = PgCluster.sharedDatabase();
        int window = 4;
        int retries = window + 2;
        try (PgMessageLog log = PgMessageLog.open(PgUrl.parse(url), 2)) {
            List<StoredMessage> before = new java.util.ArrayList<>();
            for (int i = 1; i <= retries; i++) {
                before.add(new StoredMessage("lobby", i, "alice", "c" + i, "old " + i, i));
            }
            try (PgMessageLog other = PgMessageLog.open(PgUrl.parse(url), 1)) {
                other.append(before).get(); // through another node, before the room started here
            }
            ChatConfig config = ChatConfig.defaults().withRate(1e6, 1_000_000);
            config = config.withOutbox(config.outboxCapacity(), window);
            ChatService service = new ChatService(log, config, new MutableClock());
            try {
                TestClient alice = new TestClient(service);
                TestClient bob = new TestClient(service);
                alice.hello("alice");
                bob.hello("bob");
                alice.join("lobby");
                bob.join("lobby");
                for (int i = 1; i <= retries; i++) {
                    alice.say("lobby", "c" + i, "old " + i);
                    assertEquals(i, alice.ackOf("c" + i).seq());
                }
                for (int i = retries + 1; i <= retries + 2; i++) {
                    alice.say("lobby", "c" + i, "new " + i);
                    assertEquals(i, alice.ackOf("c" + i).seq());
                }
                service.sync();
                List<ServerMessage> got = bob.drainNow();
                assertEquals(List.of(), got.stream().filter(f -> f instanceof ServerMessage.Gap).toList(),
                        "a gap the log does not have");
                assertEquals(List.of((long) retries + 1, (long) retries + 2), got.stream()
                        .filter(f -> f instanceof ServerMessage.Message).map(f -> ((ServerMessage.Message) f).seq())
                        .toList(), "the new messages, live, once each");
            } finally {
                service.close();
            }
        }
    }
}
