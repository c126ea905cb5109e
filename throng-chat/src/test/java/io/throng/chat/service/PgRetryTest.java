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
}
