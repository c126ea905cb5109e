package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.ServerMessage;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HistoryTest extends ServiceFixture {

    private ServerMessage.HistoryPage page(TestClient c, OptionalLong before, OptionalLong after, int limit)
            throws InterruptedException {
        c.send(new ClientMessage.History("r", before, after, limit));
        return (ServerMessage.HistoryPage) c.await(m -> m instanceof ServerMessage.HistoryPage);
    }

    private static List<Long> seqs(ServerMessage.HistoryPage p) {
        return p.messages().stream().map(ServerMessage.Message::seq).toList();
    }

    @Test
    void pagesBackwardsAndForwardsWithAMoreFlag() throws Exception {
        start();
        TestClient alice = new TestClient(service);
        alice.hello("alice");
        alice.join("r");
        for (int i = 1; i <= 25; i++) {
            alice.say("r", "c" + i, "m" + i);
        }
        alice.ackOf("c25");
        TestClient reader = new TestClient(service);
        reader.hello("reader"); // history needs no membership for public rooms

        ServerMessage.HistoryPage latest = page(reader, OptionalLong.empty(), OptionalLong.empty(), 10);
        assertEquals(RoomOrderTest.range(16, 25), seqs(latest));
        assertEquals(true, latest.more());
        ServerMessage.HistoryPage older = page(reader, OptionalLong.of(16), OptionalLong.empty(), 10);
        assertEquals(RoomOrderTest.range(6, 15), seqs(older));
        assertEquals(true, older.more());
        ServerMessage.HistoryPage oldest = page(reader, OptionalLong.of(6), OptionalLong.empty(), 10);
        assertEquals(RoomOrderTest.range(1, 5), seqs(oldest));
        assertEquals(false, oldest.more());
        ServerMessage.HistoryPage newer = page(reader, OptionalLong.empty(), OptionalLong.of(20), 10);
        assertEquals(RoomOrderTest.range(21, 25), seqs(newer));
        assertEquals(false, newer.more());
        ServerMessage.HistoryPage exact = page(reader, OptionalLong.empty(), OptionalLong.of(15), 10);
        assertEquals(RoomOrderTest.range(16, 25), seqs(exact));
        assertEquals(false, exact.more(), "exactly limit left is not more");

        ServerMessage.Message first = oldest.messages().getFirst();
        assertEquals("alice", first.from());
        assertEquals("m1", first.text());
        assertEquals(null, first.cid(), "not the reader's own message");
        assertEquals("c1", page(alice, OptionalLong.of(2), OptionalLong.empty(), 1).messages().getFirst().cid(),
                "the sender sees its own cid in history");
        assertEquals(List.of(), page(reader, OptionalLong.of(1), OptionalLong.empty(), 5).messages());
    }
}
