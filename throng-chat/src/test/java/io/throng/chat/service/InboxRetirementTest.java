package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.ServerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A long-running server does not keep a room for every user that ever came or was written to: an inbox
 * with no member here leaves the service's map once it has handled everything, and the next command
 * starts a new one that continues the log (no sequence reused, retries still answered with the original).
 */
class InboxRetirementTest extends ServiceFixture {

    @Override
    ChatConfig config() {
        return super.config().withTimes(Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /** Waits (bounded, no sleep) until the service holds {@code rooms} rooms; fails with the count it saw. */
    private void awaitRoomCount(int rooms) {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (service.roomCount() != rooms && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(rooms, service.roomCount(), "rooms in the service's map");
    }

    /** The sender's copy of a direct message commits in its own inbox room, after the recipient's ack. */
    private void awaitHead(String room, long head) throws Exception {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (store.head(room) != head && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(head, store.head(room), "head of " + room);
    }

    @Test
    void usersWhoComeDirectMessageAndLeaveLeaveNoRoomBehind() throws Exception {
        start();
        TestClient alice = new TestClient(service);
        alice.hello("alice");
        alice.join("lobby");
        service.sync();
        awaitRoomCount(2); // @alice and lobby: the level to come back to

        int users = 40;
        for (int i = 0; i < users; i++) {
            TestClient u = new TestClient(service);
            u.hello("u" + i);
            u.send(new ClientMessage.Direct("alice", "a" + i, "hi " + i));
            assertEquals(new ServerMessage.Ack("@alice", "a" + i, i + 1), u.ackOf("a" + i));
            u.send(new ClientMessage.Direct("ghost" + i, "g" + i, "anyone?")); // never comes: nobody reads @ghost<i>
            assertEquals(new ServerMessage.Ack("@ghost" + i, "g" + i, 1), u.ackOf("g" + i));
            u.drop();
        }
        for (int i = 0; i < users; i++) {
            ServerMessage.Message m = (ServerMessage.Message) alice.await(x -> x instanceof ServerMessage.Message);
            assertEquals("u" + i, m.from());
        }
        clock.advance(Duration.ofSeconds(61)); // every u<i>'s session expires
        service.sweep();
        service.sync();
        awaitRoomCount(2);

        // u0 comes back: its inbox and @ghost0 start again from the log, not from 0.
        TestClient u0 = new TestClient(service);
        u0.hello("u0");
        u0.send(new ClientMessage.Direct("ghost0", "g0", "anyone?"));
        assertEquals(new ServerMessage.Ack("@ghost0", "g0", 1), u0.ackOf("g0"), "a retry: the original's sequence");
        u0.send(new ClientMessage.Direct("ghost0", "g0-again", "still nobody?"));
        assertEquals(new ServerMessage.Ack("@ghost0", "g0-again", 2), u0.ackOf("g0-again"), "the log's next");
        assertEquals(2, store.head("@ghost0"));
        // u0's own copies: to alice, to ghost0, ghost0 again (the retry's is a duplicate)
        awaitHead("@u0", 3);
    }

    /**
     * The door: a sender that looked the room up before it retired (and so holds the old one) is refused,
     * and nothing runs in a retired room; sending by name starts the next incarnation.
     */
    @Test
    void aRetiredRoomTakesNoCommand() throws Exception {
        start();
        TestClient bob = new TestClient(service);
        bob.hello("bob");
        service.sync();
        Room old = service.live("@bob");
        bob.drop();
        clock.advance(Duration.ofSeconds(61));
        service.sweep();
        service.sync();
        awaitRoomCount(0);
        assertTrue(old.retired());

        java.util.concurrent.CompletableFuture<Void> ran = new java.util.concurrent.CompletableFuture<>();
        assertFalse(old.send(new Room.Barrier(ran)), "a retired room refuses");
        assertFalse(old.tryQueue(new Room.Barrier(ran)), "without waiting too");
        java.util.concurrent.CompletableFuture<Void> viaName = new java.util.concurrent.CompletableFuture<>();
        service.sendTo("@bob", new Room.Barrier(viaName));
        viaName.get(10, java.util.concurrent.TimeUnit.SECONDS); // a new room handled it (and may retire again)
        assertFalse(ran.isDone(), "nothing ran in the retired room");
    }

    /**
     * Hostile timing: senders keep writing to an inbox nobody is in, so its room retires whenever its
     * orderer runs dry, and new senders race with each retirement. Every message is acknowledged once,
     * with sequences 1..N and no hole: nothing went into a room that had already retired.
     */
    @Test
    void sendersRacingRetirementsLoseNothing() throws Exception {
        start();
        int senders = 4;
        int each = 150;
        Set<Long> seqs = new ConcurrentSkipListSet<>();
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < senders; s++) {
                String nick = "s" + s;
                done.add(pool.submit(() -> {
                    TestClient c = new TestClient(service);
                    c.hello(nick);
                    for (int i = 0; i < each; i++) {
                        String cid = nick + "-" + i;
                        c.send(new ClientMessage.Direct("ghost", cid, "x"));
                        ServerMessage.Ack a = c.ackOf(cid);
                        assertTrue(seqs.add(a.seq()), "sequence " + a.seq() + " given twice");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        Set<Long> expected = new TreeSet<>();
        for (long i = 1; i <= (long) senders * each; i++) {
            expected.add(i);
        }
        assertEquals(expected, new TreeSet<>(seqs));
        assertEquals((long) senders * each, store.head("@ghost"));
    }
}
