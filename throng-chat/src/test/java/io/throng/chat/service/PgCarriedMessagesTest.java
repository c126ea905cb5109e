package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.postgres.PgCluster;
import io.throng.chat.store.postgres.PgMessageLog;
import io.throng.chat.store.postgres.PgUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two chat nodes on one real PostgreSQL, each its own log (pool and LISTEN connection): alice sends on
 * node one, bob reads on node two. When the notice carries the messages, node two fans them out
 * without reading them back (its log counts every {@code after} read); when it cannot (too big to
 * carry) or a notice was lost (a row committed without one), node two reads, and bob still gets every
 * message once, in order.
 */
class PgCarriedMessagesTest {
    private String url;
    private PgMessageLog log1;
    private PgMessageLog log2;
    private ChatService one;
    private ChatService two;
    private TestClient alice;
    private TestClient bob;

    @BeforeEach
    void start() throws Exception {
        url = PgCluster.sharedDatabase();
        log1 = PgMessageLog.open(PgUrl.parse(url), 2);
        log2 = PgMessageLog.open(PgUrl.parse(url), 2);
        ChatConfig config = ChatConfig.defaults().withRate(1e6, 1_000_000);
        one = new ChatService(log1, config, new MutableClock());
        two = new ChatService(log2, config, new MutableClock());
        bob = new TestClient(two);
        bob.hello("bob");
        bob.join("r");
        alice = new TestClient(one);
        alice.hello("alice");
        alice.join("r");
        // Node two's LISTEN connection is up once bob hears a commit of node one's (by its notice, or by
        // the heads it reads when it starts listening): from then on no notice is missed.
        alice.say("r", "c0", "hello");
        assertEquals(1, alice.ackOf("c0").seq());
        assertEquals(List.of(1L), seqs(messages(bob, 1)));
        two.sync();
    }

    @AfterEach
    void stop() throws Exception {
        one.close();
        two.close();
        log1.close();
        log2.close();
    }

    /** Bob's next room messages, up to and including {@code lastSeq}. */
    private static List<ServerMessage.Message> messages(TestClient c, long lastSeq) throws InterruptedException {
        List<ServerMessage.Message> out = new ArrayList<>();
        while (out.isEmpty() || out.getLast().seq() < lastSeq) {
            out.add((ServerMessage.Message) c.await(f -> f instanceof ServerMessage.Message));
        }
        return out;
    }

    private static List<Long> seqs(List<ServerMessage.Message> ms) {
        return ms.stream().map(ServerMessage.Message::seq).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }

    /** Nothing more reached bob: no message twice. */
    private void nothingMoreFor(TestClient c) throws InterruptedException {
        one.sync();
        two.sync();
        assertEquals(List.of(), c.drainNow().stream().filter(f -> f instanceof ServerMessage.Message).toList());
    }

    @Test
    void anotherNodesMessagesArriveWithoutAReadWhenTheNoticeCarriesThem() throws Exception {
        List<String> texts = List.of("plain", "\"quoted\" and 'single'", "back\\slash \\u0041 not an escape",
                "two\nlines\r\nand a tab\t", "ünïcødé, 中文, emoji 😀 (a surrogate pair)", "{\"json\": [1, 2]}",
                "12 r");
        long reads = log2.reads();
        for (int i = 0; i < texts.size(); i++) {
            alice.say("r", "t" + i, texts.get(i));
        }
        List<ServerMessage.Message> got = messages(bob, 1 + texts.size());
        assertEquals(range(2, 1 + texts.size()), seqs(got));
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i), got.get(i).text());
            assertEquals("alice", got.get(i).from());
        }
        nothingMoreFor(bob);
        assertEquals(reads, log2.reads(), "node two read back messages its notices carried");
    }

    @Test
    void aBatchTooBigToCarryIsReadInItsTurnBetweenCarriedOnes() throws Exception {
        String big = "é".repeat(1_500); // 9,000 bytes escaped: over the payload's limit
        long reads = log2.reads();
        alice.say("r", "small1", "before");
        assertEquals(2, alice.ackOf("small1").seq());
        alice.say("r", "big", big);
        assertEquals(3, alice.ackOf("big").seq());
        alice.say("r", "small2", "after");
        assertEquals(4, alice.ackOf("small2").seq());
        List<ServerMessage.Message> got = messages(bob, 4);
        assertEquals(List.of(2L, 3L, 4L), seqs(got));
        assertEquals(List.of("before", big, "after"), got.stream().map(ServerMessage.Message::text).toList());
        nothingMoreFor(bob);
        assertTrue(log2.reads() > reads, "the big message cannot have come without a read");
    }

    @Test
    void aMessageWhoseNoticeWasLostIsReadBeforeTheCarriedOneAfterIt() throws Exception {
        // Committed without a NOTIFY, as if the notice had been lost: node two hears of seq 2 only from
        // the notice of seq 3, which carries 3 alone.
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement m = c.prepareStatement("INSERT INTO messages (room, seq, sender, cid, text, time) "
                    + "VALUES ('r', 2, 'carol', 'lost', 'its notice was lost', 0)");
                 PreparedStatement h = c.prepareStatement("UPDATE room_heads SET head = 2 WHERE room = 'r'")) {
                m.executeUpdate();
                assertEquals(1, h.executeUpdate());
            }
            c.commit();
        }
        long reads = log2.reads();
        alice.say("r", "c3", "after the lost one");
        assertEquals(3, alice.ackOf("c3").seq());
        List<ServerMessage.Message> got = messages(bob, 3);
        assertEquals(List.of(2L, 3L), seqs(got));
        assertEquals(List.of("its notice was lost", "after the lost one"),
                got.stream().map(ServerMessage.Message::text).toList());
        nothingMoreFor(bob);
        assertTrue(log2.reads() > reads, "the gap was not read");
    }
}
