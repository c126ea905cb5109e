package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.channels.Scope;
import io.throng.chat.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Acks, order, fan-out and retries in one room. */
class RoomOrderTest extends ServiceFixture {

    @Test
    void aMessageIsAckedThenDeliveredToEveryMemberWithTheCidOnlyToItsSender() throws Exception {
        start();
        aliceAndBobSayHello();
        assertEquals(List.of("alice"), alice.join("lobby").online());
        assertEquals(List.of("alice", "bob"), bob.join("lobby").online());
        assertEquals(ServerMessage.Presence.joined("lobby", "bob"), alice.next());

        alice.say("lobby", "a-1", "hello <b>bob</b>");
        assertEquals(new ServerMessage.Ack("lobby", "a-1", 1), alice.next());
        ServerMessage.Message own = alice.expect(ServerMessage.Message.class);
        assertEquals("a-1", own.cid());
        ServerMessage.Message seen = bob.expect(ServerMessage.Message.class);
        assertEquals(1, seen.seq());
        assertEquals("alice", seen.from());
        assertEquals("hello <b>bob</b>", seen.text());
        assertNull(seen.cid(), "other members do not see the sender's client id");
        assertEquals(clock.millis(), seen.time());
    }

    @Test
    void concurrentSendersGetExactlyOneAckEachAndEveryoneSeesOneTotalOrder() throws Exception {
        start();
        int senders = 6;
        int each = 150;
        TestClient watcher = new TestClient(service);
        watcher.hello("watcher");
        watcher.join("busy");
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            TestClient c = new TestClient(service);
            c.hello("user" + i);
            c.join("busy");
            clients.add(c);
        }
        service.sync();
        watcher.drainNow(); // presence of the others

        Map<String, Long> acks = new java.util.concurrent.ConcurrentHashMap<>();
        try (Scope scope = new Scope()) {
            for (int i = 0; i < senders; i++) {
                TestClient c = clients.get(i);
                String nick = "user" + i;
                // Each sender pipelines a window of sends, then collects their acks (reading the
                // room's traffic meanwhile, as a real client must): batches form for real.
                scope.go(() -> {
                    long last = 0;
                    int got = 0;
                    for (int k = 0; k < each; k++) {
                        c.say("busy", nick + "-" + k, "m" + k);
                        if (k % 10 == 9 || k == each - 1) {
                            while (got <= k) {
                                if (c.next() instanceof ServerMessage.Ack a) {
                                    assertTrue(a.seq() > last, "per-sender FIFO: acks rise");
                                    last = a.seq();
                                    assertNull(acks.put(a.cid(), a.seq()), "one ack per cid");
                                    got++;
                                }
                            }
                        }
                    }
                });
            }
            scope.join();
        }
        int total = senders * each;
        assertEquals(total, acks.size());
        assertEquals(Set.copyOf(range(1, total)), new HashSet<>(acks.values()), "sequences 1..n, no holes");

        Map<Long, String> bySeq = new HashMap<>();
        for (long seq = 1; seq <= total; seq++) {
            ServerMessage.Message m = watcher.expect(ServerMessage.Message.class);
            assertEquals(seq, m.seq(), "the watcher sees the room's order");
            bySeq.put(m.seq(), m.from() + "-" + m.text().substring(1));
        }
        acks.forEach((cid, seq) -> assertEquals(cid, bySeq.get(seq), "ack and delivery agree"));
        assertEquals(total, service.stats().stored());
    }

    @Test
    void aRetriedSendIsNotDuplicatedAndGetsTheOriginalAckEvenAfterARestart() throws Exception {
        start();
        aliceAndBobJoin("r");
        alice.say("r", "x", "once");
        alice.say("r", "x", "once"); // same batch or the next: either way one message
        alice.say("r", "y", "twice");
        assertEquals(1, alice.ackOf("x").seq());
        assertEquals(1, alice.ackOf("x").seq());
        assertEquals(2, alice.ackOf("y").seq());
        alice.say("r", "x", "retry, text ignored");
        assertEquals(1, alice.ackOf("x").seq());
        service.sync();
        List<ServerMessage> bobSaw = bob.drainNow().stream().filter(m -> m instanceof ServerMessage.Message).toList();
        assertEquals(2, bobSaw.size(), "bob saw " + bobSaw);

        // A cid is per sender: bob may use "x" too.
        bob.say("r", "x", "bob's x");
        assertEquals(3, bob.ackOf("x").seq());

        restart(); // the recent-ids cache is gone: the store's unique index answers
        TestClient again = new TestClient(service);
        again.hello("alice");
        again.join("r");
        again.say("r", "x", "after restart");
        assertEquals(1, again.ackOf("x").seq());
        again.say("r", "z", "new");
        assertEquals(4, again.ackOf("z").seq(), "sequences continue after a restart");
        assertEquals(1, service.stats().duplicates(), "the retry after the restart");
    }

    @Test
    void theSameCidFromTwoDevicesAtOnceIsStoredOnce() throws Exception {
        start();
        int devices = 4;
        int sends = 50;
        List<TestClient> phones = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            TestClient c = new TestClient(service);
            c.hello("alice"); // one user, several sessions
            c.join("r");
            phones.add(c);
        }
        try (Scope scope = new Scope()) {
            for (TestClient c : phones) {
                scope.go(() -> {
                    for (int k = 0; k < sends; k++) {
                        c.say("r", "same-" + k, "from any device");
                    }
                });
            }
            scope.join();
        }
        for (TestClient c : phones) {
            for (int k = 0; k < sends; k++) {
                assertEquals(k + 1, c.ackOf("same-" + k).seq(), "every device gets the one original ack");
            }
        }
        service.sync();
        assertEquals(sends, service.stats().stored());
        assertEquals((long) sends * (devices - 1), service.stats().duplicates());
    }

    @Test
    void aSendTheStoreRefusesIsNeitherAckedNorDeliveredAndItsRetrySucceeds() throws Exception {
        start();
        aliceAndBobJoin("r");
        alice.say("r", "c1", "first");
        assertEquals(1, alice.ackOf("c1").seq());
        assertEquals(1, bob.expect(ServerMessage.Message.class).seq());
        // A foreign writer takes seq 2 behind the room's back: the room's next commit must fail.
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store.file());
             var s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("INSERT INTO messages (room, seq, sender, cid, text, time) VALUES ('r', 2, 'mallory', 'm', 'sneaky', 0)");
        }
        alice.say("r", "c2", "second");
        ServerMessage.Error e = (ServerMessage.Error) alice.await(m -> m instanceof ServerMessage.Error);
        assertEquals(io.throng.chat.protocol.ErrorCode.STORE_FAILED, e.code());
        assertEquals("c2", e.cid());
        service.sync();
        List<ServerMessage> bobSaw = bob.drainNow();
        assertEquals(1, bobSaw.size(), "nothing unacknowledged is delivered: " + bobSaw);
        ServerMessage.Message foreign = assertInstanceOf(ServerMessage.Message.class, bobSaw.getFirst());
        assertEquals(2, foreign.seq(), "the foreign write is committed and in the room's order: read from the log");
        assertEquals("mallory", foreign.from());
        alice.say("r", "c2", "second, retried");
        assertEquals(3, alice.ackOf("c2").seq(), "the room re-read its head from the log");
        assertEquals(3, bob.expect(ServerMessage.Message.class).seq());
    }

    static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void directMessagesGoToTheRecipientsInboxAndOnlyTheirOwnerReadsIt() throws Exception {
        start();
        aliceAndBobSayHello();
        alice.send(new io.throng.chat.protocol.ClientMessage.Direct("bob", "d1", "psst"));
        assertEquals(new ServerMessage.Ack("@bob", "d1", 1), alice.ackOf("d1"));
        ServerMessage.Message got = bob.expect(ServerMessage.Message.class);
        assertEquals("@bob", got.room());
        assertEquals("alice", got.from());
        assertEquals("psst", got.text());

        alice.send(new io.throng.chat.protocol.ClientMessage.History("@bob", java.util.OptionalLong.empty(),
                java.util.OptionalLong.empty(), 10));
        ServerMessage.Error e = (ServerMessage.Error) alice.await(m -> m instanceof ServerMessage.Error);
        assertEquals(io.throng.chat.protocol.ErrorCode.FORBIDDEN, e.code());
        bob.send(new io.throng.chat.protocol.ClientMessage.History("@bob", java.util.OptionalLong.empty(),
                java.util.OptionalLong.empty(), 10));
        assertEquals(1, assertInstanceOf(ServerMessage.HistoryPage.class, bob.next()).messages().size());
    }
}
