package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.throng.channels.Scope;
import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.StoredMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A room's orderer runs only while the room has commands (issue 18: an idle inbox per user held a parked
 * thread). Hostile cases: an idle inbox flooded by several senders at once (orderers ending and
 * starting under the flood), a user in many rooms, and the service closed while DMs are in flight.
 */
class IdleOrdererTest extends ServiceFixture {

    /** Waits (bounded, no sleep) until {@code room}'s orderer has ended. */
    private void awaitIdle(String room) {
        Room r = service.live(room);
        assertNotNull(r, "no room " + room);
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (r.ordering()) {
            if (System.nanoTime() > deadline) {
                fail("room " + room + " still has an orderer after " + TestClient.WAIT + " with nothing to do");
            }
            Thread.yield();
        }
    }

    @Test
    void anIdleInboxHoldsNoOrdererAndADmStartsOne() throws Exception {
        start();
        aliceAndBobSayHello();
        service.sync();
        awaitIdle("@bob");
        awaitIdle("@alice");

        alice.send(new ClientMessage.Direct("bob", "d1", "are you there?"));
        assertEquals(1, alice.ackOf("d1").seq());
        ServerMessage.Message got = (ServerMessage.Message) bob.await(m -> m instanceof ServerMessage.Message);
        assertEquals("@bob", got.room());
        assertEquals("are you there?", got.text());
        awaitIdle("@bob"); // and it ends again
    }

    @Test
    void anIdleInboxFloodedByManySendersAtOnceKeepsEachSendersOrderAndLosesNothing() throws Exception {
        start(config().withOutbox(8192, 500));
        int senders = 6;
        int each = 400; // 2,400 DMs: more than the room's channel holds, so senders also wait for room
        TestClient bob = new TestClient(service);
        bob.hello("bob");
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            TestClient c = new TestClient(service);
            c.hello("s" + i);
            clients.add(c);
        }
        service.sync();
        awaitIdle("@bob");

        Map<String, Long> acks = new ConcurrentHashMap<>();
        try (Scope scope = new Scope()) {
            for (int i = 0; i < senders; i++) {
                TestClient c = clients.get(i);
                String nick = "s" + i;
                scope.go(() -> {
                    // Alternate bursts and single sends that wait for their ack: between two of those the
                    // inbox's orderer may end, and the next send must start one (or find it still running).
                    int k = 0;
                    while (k < each) {
                        int burst = k % 3 == 0 ? 1 : 37;
                        int upTo = Math.min(each, k + burst);
                        for (int j = k; j < upTo; j++) {
                            c.send(new ClientMessage.Direct("bob", nick + "-" + j, "m" + j));
                        }
                        for (int j = k; j < upTo; j++) {
                            acks.put(nick + "-" + j, c.ackOf(nick + "-" + j).seq());
                        }
                        k = upTo;
                    }
                });
            }
            scope.join();
        }
        int total = senders * each;
        assertEquals(total, acks.size());
        assertEquals(total, Set.copyOf(acks.values()).size(), "one sequence per DM");

        Map<String, Integer> lastBySender = new HashMap<>();
        for (long seq = 1; seq <= total; seq++) {
            ServerMessage.Message m = (ServerMessage.Message) bob.await(x -> x instanceof ServerMessage.Message);
            assertEquals(seq, m.seq(), "bob's inbox in the log's order, no hole, no repeat");
            int n = Integer.parseInt(m.text().substring(1));
            Integer before = lastBySender.put(m.from(), n);
            assertEquals(before == null ? 0 : before + 1, n, "per-sender FIFO for " + m.from());
        }
        awaitIdle("@bob");
        for (int i = 0; i < senders; i++) {
            awaitIdle("@s" + i); // the senders' silent copies went through their own inboxes
        }
    }

    /**
     * A DM queued after the orderer found its channel empty, before it decided to end: the orderer
     * must see it (the work-in-progress count says so) rather than end and leave it with nobody.
     */
    @Test
    void aDmQueuedAsTheOrdererFindsItsChannelEmptyIsHandled() throws Exception {
        start();
        aliceAndBobSayHello();
        service.sync();
        awaitIdle("@bob");
        Room inbox = service.live("@bob");
        inbox.beforeEnding = () -> {
            inbox.beforeEnding = null; // once
            Thread late = Thread.ofVirtual().start(() -> {
                try {
                    alice.send(new ClientMessage.Direct("bob", "late", "queued while the orderer looked"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                late.join(); // in the channel, and kicked, before this orderer decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        alice.send(new ClientMessage.Direct("bob", "first", "starts the orderer"));
        assertEquals(1, alice.ackOf("first").seq());
        assertEquals(2, alice.ackOf("late").seq());
        awaitIdle("@bob");
    }

    /**
     * Two DMs at a time into an inbox whose orderer is ending: a DM queued just as the orderer looks a
     * last time must get an orderer (this one or a new one). Each round waits for both acks before the
     * next, so a DM left in the channel with no orderer is never rescued by a later one: it times out.
     */
    @Test
    void twoDmsAtOnceIntoAnInboxWhoseOrdererIsEndingAreBothHandled() throws Exception {
        start(config().withOutbox(8192, 500)); // bob reads at the end
        TestClient bob = new TestClient(service);
        bob.hello("bob");
        TestClient x = new TestClient(service);
        x.hello("x");
        TestClient y = new TestClient(service);
        y.hello("y");
        int rounds = 600;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        try (Scope scope = new Scope()) {
            for (TestClient c : List.of(x, y)) {
                scope.go(() -> {
                    for (int k = 0; k < rounds; k++) {
                        together.await();
                        String cid = c.token.substring(0, 6) + "-" + k;
                        c.send(new ClientMessage.Direct("bob", cid, "m" + k));
                        c.ackOf(cid);
                        c.drainNow();
                    }
                });
            }
            scope.join();
        }
        service.sync();
        assertEquals(2 * rounds, bob.drainNow().stream().filter(m -> m instanceof ServerMessage.Message).count());
    }

    @Test
    void aUserInManyRoomsGetsEveryRoomsMessagesAndEveryRoomGoesIdle() throws Exception {
        int rooms = 40;
        start(config().withMaxRooms(rooms));
        aliceAndBobSayHello();
        for (int i = 0; i < rooms; i++) {
            alice.join("r" + i);
            bob.join("r" + i);
        }
        service.sync();
        bob.drainNow();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < rooms; i++) {
                alice.say("r" + i, "c" + round + "-" + i, "round " + round);
            }
            alice.send(new ClientMessage.Direct("bob", "d" + round, "and a DM"));
            Map<String, Long> seen = new HashMap<>();
            for (int i = 0; i <= rooms; i++) {
                ServerMessage.Message m = (ServerMessage.Message) bob.await(x -> x instanceof ServerMessage.Message);
                assertEquals(null, seen.put(m.room(), m.seq()), "one message per room per round: " + m);
                assertEquals(round + 1, m.seq(), "in " + m.room());
            }
            for (int i = 0; i < rooms; i++) {
                awaitIdle("r" + i);
            }
            awaitIdle("@bob");
        }
    }

    @Test
    void closingWhileDmsAreInFlightEndsEveryOrdererAndLosesNothingAcknowledged() throws Exception {
        start();
        TestClient bob = new TestClient(service);
        bob.hello("bob");
        int senders = 4;
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            TestClient c = new TestClient(service);
            c.hello("c" + i);
            clients.add(c);
        }
        service.sync();
        awaitIdle("@bob");
        Map<String, Long> acks = new ConcurrentHashMap<>();
        Thread closer;
        try (Scope scope = new Scope()) {
            for (int i = 0; i < senders; i++) {
                TestClient c = clients.get(i);
                String nick = "c" + i;
                scope.go(() -> {
                    for (int k = 0; ; k++) {
                        try {
                            c.send(new ClientMessage.Direct("bob", nick + "-" + k, "m" + k));
                        } catch (io.throng.channels.ChannelClosedException closed) {
                            return;
                        }
                        if (c.connection.outbox().isClosed()) {
                            return; // the service closed it: shutting down
                        }
                        for (ServerMessage m : c.drainNow()) {
                            if (m instanceof ServerMessage.Ack a) {
                                acks.put(a.cid(), a.seq());
                            }
                        }
                    }
                });
            }
            // Close once DMs are flowing: some acked, others queued in the inbox's channel or committing.
            long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
            while (acks.size() < 200) {
                if (System.nanoTime() > deadline) {
                    // A CI run (2026-12-07 05:3x, a loaded box) failed here once and passed on the rerun; say
                    // enough to tell a stalled orderer from closed senders or a slow store next time.
                    Room inbox = service.live("@bob");
                    fail("only " + acks.size() + " DMs acknowledged within " + TestClient.WAIT + "; @bob's orderer "
                            + (inbox == null ? "room missing" : inbox.ordering() ? "running" : "idle")
                            + "; senders' outboxes closed: "
                            + clients.stream().map(c -> String.valueOf(c.connection.outbox().closeReason())).toList());
                }
                Thread.yield();
            }
            closer = Thread.ofVirtual().start(() -> {
                try {
                    service.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            closer.join(TestClient.WAIT);
            assertFalse(closer.isAlive(), "close() did not return: an orderer never ended");
            scope.join();
        }
        // Every ack that reached a sender (before its outbox closed) names a stored message.
        for (TestClient c : clients) {
            for (ServerMessage m : c.drainNow()) {
                if (m instanceof ServerMessage.Ack a) {
                    acks.put(a.cid(), a.seq());
                }
            }
        }
        Map<String, Long> stored = new HashMap<>();
        for (StoredMessage m : store.after("@bob", 0, 1_000_000)) {
            stored.put(m.cid(), m.seq());
        }
        assertTrue(acks.size() >= 200);
        acks.forEach((cid, seq) -> assertEquals(seq, stored.get(cid), "acknowledged " + cid + " is stored"));
        assertTrue(service.live("@bob").ordering(), "a closed room never starts an orderer again");
    }
}
