package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.throng.channels.Scope;
import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.StoredMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Two chat services in one JVM over one log that assigns sequences at commit time and tells every node
 * where a room moved ({@link TwoNodes}, {@link SharedLog}): what several nodes on one database do.
 */
class SeveralWritersTest extends TwoNodes {
    private static final int RETRY_LAG = 3;

    @Override
    ChatConfig config() {
        return ChatConfig.defaults().withRate(1e6, 1_000_000);
    }

    @Test
    void membersOnBothNodesGetEveryMessageOnceInOrderWhileEverySendIsRetriedThroughTheOtherNode() throws Exception {
        int users = 5;
        int each = 80;
        int total = users * each;
        List<TestClient> everyone = new ArrayList<>();
        everyone.add(joined(one, "watcher1", "busy"));
        everyone.add(joined(two, "watcher2", "busy"));
        List<TestClient[]> devices = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            TestClient[] pair = {joined(one, "u" + i, "busy"), joined(two, "u" + i, "busy")};
            devices.add(pair);
            everyone.addAll(List.of(pair));
        }
        one.sync();
        two.sync();
        everyone.forEach(TestClient::drainNow); // the online lists and joins

        Map<TestClient, List<ServerMessage.Message>> seen = new ConcurrentHashMap<>();
        Map<TestClient, Map<String, Long>> acked = new ConcurrentHashMap<>();
        try (Scope scope = new Scope()) {
            for (TestClient c : everyone) {
                int acks = c == everyone.get(0) || c == everyone.get(1) ? 0 : each; // the watchers send nothing
                scope.go(() -> collect(c, total, acks, seen, acked));
            }
            for (int i = 0; i < users; i++) {
                TestClient[] pair = devices.get(i);
                String nick = "u" + i;
                int lag = i % 2 == 0 ? RETRY_LAG : 0;
                scope.go(() -> {
                    // Each send goes through one node and its retry through the other, at once or a few
                    // sends later (likely after the original's commit), so each node also has new
                    // messages of its own to order against the other's.
                    for (int k = 0; k < each + lag; k++) {
                        if (k < each) {
                            pair[k % 2].say("busy", nick + "-" + k, nick + " says " + k);
                        }
                        int j = k - lag;
                        if (j >= 0 && j < each) {
                            pair[1 - j % 2].say("busy", nick + "-" + j, nick + " says " + j);
                        }
                    }
                });
            }
            scope.join();
        }

        List<StoredMessage> stored = store.after("busy", 0, total + 10);
        assertEquals(total, stored.size(), "one stored message per (sender, cid)");
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1, stored.get(i).seq(), "the log's sequences are 1..n with no hole");
            keys.add(stored.get(i).sender() + "/" + stored.get(i).cid());
        }
        assertEquals(total, keys.size());

        for (TestClient c : everyone) {
            List<ServerMessage.Message> got = seen.get(c);
            for (int i = 0; i < total; i++) {
                ServerMessage.Message m = got.get(i);
                StoredMessage s = stored.get(i);
                assertEquals(s.seq(), m.seq(), "every member: every message once, in the log's order");
                assertEquals(s.sender(), m.from());
                assertEquals(s.text(), m.text());
            }
        }
        for (int i = 0; i < users; i++) {
            TestClient[] pair = devices.get(i);
            for (int k = 0; k < each; k++) {
                String cid = "u" + i + "-" + k;
                long original = store.find("busy", "u" + i, cid).orElseThrow().seq();
                assertEquals(original, acked.get(pair[0]).get(cid), "the ack through node one is the stored seq");
                assertEquals(original, acked.get(pair[1]).get(cid), "the ack through node two is the stored seq");
            }
        }
        one.sync();
        two.sync();
        for (TestClient c : everyone) {
            assertEquals(List.of(), c.drainNow().stream().filter(m -> m instanceof ServerMessage.Message).toList(),
                    "nothing after the last message: no repeat");
        }
        assertEquals(total, one.stats().stored() + two.stats().stored());
        assertEquals(total, one.stats().duplicates() + two.stats().duplicates(), "every retry answered as one");
        System.out.printf("several writers: %d drafts re-sequenced, %d duplicates answered by the log%n",
                n1.corrected.get() + n2.corrected.get(), n1.duplicates.get() + n2.duplicates.get());
        assertTrue(n1.corrected.get() + n2.corrected.get() + n1.duplicates.get() + n2.duplicates.get() > 0,
                "the nodes' drafts collided in the log (else this test proved nothing about several writers)");
    }

    /** Reads {@code c}'s frames until it has {@code messages} messages and {@code acks} acks. */
    private static void collect(TestClient c, int messages, int acks, Map<TestClient, List<ServerMessage.Message>> seen,
                                Map<TestClient, Map<String, Long>> acked) throws InterruptedException {
        List<ServerMessage.Message> got = new ArrayList<>();
        Map<String, Long> ackOf = new HashMap<>();
        while (got.size() < messages || ackOf.size() < acks) {
            switch (c.next()) {
                case ServerMessage.Message m -> got.add(m);
                case ServerMessage.Ack a -> assertNull(ackOf.put(a.cid(), a.seq()), "one ack per send");
                case ServerMessage.Error e -> fail("error " + e);
                case ServerMessage.Gap g -> fail("gap " + g);
                default -> { }
            }
        }
        seen.put(c, got);
        acked.put(c, ackOf);
    }

    @Test
    void joiningWithAfterOnANodeThatHasNotCaughtUpReplaysWithNoGapOrRepeat() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        TestClient charlie = joined(two, "charlie", "r"); // the room is live on node two
        n2.deaf = true; // and hears nothing of node one's commits
        for (int i = 1; i <= 5; i++) {
            alice.say("r", "a" + i, "m" + i);
        }
        assertEquals(5, alice.ackOf("a5").seq());
        assertTrue(n2.dropped.get() > 0);

        TestClient bob = new TestClient(two);
        bob.hello("bob");
        bob.send(new ClientMessage.Join("r", OptionalLong.of(3))); // bob saw 1..3 through node one
        assertEquals(List.of(4L, 5L), seqs(bob, 2), "replayed from where bob was, not 'ahead'");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(charlie, 5), "the join's catch-up reached charlie too");

        n2.deaf = false;
        alice.say("r", "a6", "live");
        assertEquals(List.of(6L), seqs(bob, 1));
        assertEquals(List.of(6L), seqs(charlie, 1));
        two.sync();
        assertEquals(List.of(), messagesIn(bob.drainNow()), "no repeat");
        assertEquals(0, two.stats().gaps());
    }

    @Test
    void joiningWithAfterBeyondANodeThatCannotReadTheLogSkipsWhatTheClientHasAndRepeatsNothing() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        TestClient charlie = joined(two, "charlie", "r");
        n2.deaf = true;
        for (int i = 1; i <= 5; i++) {
            alice.say("r", "a" + i, "m" + i);
        }
        assertEquals(5, alice.ackOf("a5").seq());
        n2.failReads = true;
        TestClient bob = new TestClient(two);
        bob.hello("bob");
        bob.send(new ClientMessage.Join("r", OptionalLong.of(3)));
        two.sync();
        assertEquals(List.of(), bob.drainNow().stream()
                .filter(m -> m instanceof ServerMessage.Message || m instanceof ServerMessage.Gap).toList(),
                "nothing yet: not 'ahead', not 1..3 again");

        n2.failReads = false;
        n2.deaf = false;
        alice.say("r", "a6", "live");
        assertEquals(List.of(4L, 5L, 6L), seqs(bob, 3), "from where bob was, once the log reads again");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seqs(charlie, 6));
        two.sync();
        assertEquals(List.of(), messagesIn(bob.drainNow()), "no repeat");
    }

    @Test
    void aMemberResumingOnItsNodeGetsWhatOtherNodesSentMeanwhileReplayedThenLive() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        TestClient bob = joined(two, "bob", "r");
        alice.say("r", "a1", "seen");
        assertEquals(List.of(1L), seqs(bob, 1));
        bob.drop();
        long reads = n2.reads.get();
        for (int i = 2; i <= 5; i++) {
            alice.say("r", "a" + i, "missed " + i);
        }
        assertEquals(5, alice.ackOf("a5").seq());
        two.sync();
        assertEquals(reads, n2.reads.get(), "nobody listening on node two: nothing read for the live path");

        assertTrue(assertInstanceOf(ServerMessage.Welcome.class, bob.resume(Map.of("r", 1L))).resumed());
        alice.say("r", "a6", "live");
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), seqs(bob, 5), "replayed from the log, then live");
        two.sync();
        assertEquals(List.of(), messagesIn(bob.drainNow()), "no repeat");
        assertEquals(4, two.stats().replayed());
    }

    @Test
    void joiningWithAfterOnTheOtherNodeWhileTheRoomIsBusyNeitherSkipsNorRepeats() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        joined(two, "charlie", "r"); // the room is live on node two, with a member to fan out to
        int total = 300;
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 1; i <= total; i++) {
                    alice.say("r", "c" + i, "m" + i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long seenThroughOne = alice.ackOf("c50").seq();
        TestClient bob = new TestClient(two);
        bob.hello("bob");
        bob.send(new ClientMessage.Join("r", OptionalLong.of(seenThroughOne)));
        List<Long> got = seqs(bob, (int) (total - seenThroughOne));
        for (int i = 0; i < got.size(); i++) {
            assertEquals(seenThroughOne + 1 + i, got.get(i), "replay then live, contiguous");
        }
        sender.join();
        two.sync();
        assertEquals(List.of(), messagesIn(bob.drainNow()), "no repeat");
    }

    @Test
    void aDroppedNoticeOnlyDelaysUntilTheNextCommitOrNotice() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        TestClient bob = joined(two, "bob", "r");
        two.sync();
        bob.drainNow();

        n2.deaf = true;
        alice.say("r", "a1", "while node two is deaf");
        assertEquals(1, alice.ackOf("a1").seq());
        two.sync();
        assertEquals(List.of(), messagesIn(bob.drainNow()), "not yet: its notice was dropped");
        bob.say("r", "b1", "node two commits");
        assertEquals(2, bob.ackOf("b1").seq(), "the log put bob's draft after alice's");
        assertEquals(List.of(1L, 2L), seqs(bob, 2), "its commit caught up first, then its own");

        alice.say("r", "a2", "dropped too");
        assertEquals(3, alice.ackOf("a2").seq());
        n2.deaf = false;
        alice.say("r", "a3", "heard");
        assertEquals(List.of(3L, 4L), seqs(bob, 2), "the next notice brought both");
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(alice, 4));
    }

    @Test
    void aFailedAppendIsNeverAckedNorDeliveredAndTheRoomRecovers() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        TestClient alice2 = joined(two, "alice", "r");
        TestClient bob = joined(two, "bob", "r");
        alice.say("r", "a1", "first");
        assertEquals(1, alice.ackOf("a1").seq());
        assertEquals(List.of(1L), seqs(bob, 1));

        n1.failAppends = true;
        alice.say("r", "a2", "lost");
        ServerMessage.Error e = (ServerMessage.Error) alice.await(m -> m instanceof ServerMessage.Error);
        assertEquals(ErrorCode.STORE_FAILED, e.code());
        assertEquals("a2", e.cid());
        one.sync();
        two.sync();
        assertTrue(alice.drainNow().stream().noneMatch(m -> m instanceof ServerMessage.Ack), "never an ack");
        assertEquals(List.of(), messagesIn(bob.drainNow()), "nothing unacknowledged is delivered");

        alice2.say("r", "a2", "retried through node two");
        assertEquals(2, alice2.ackOf("a2").seq());
        n1.failAppends = false;
        alice.say("r", "a2", "retried through node one as well");
        assertEquals(2, alice.ackOf("a2").seq(), "the original ack");
        alice.say("r", "a3", "node one works again");
        assertEquals(3, alice.ackOf("a3").seq());
        assertEquals(List.of(2L, 3L), seqs(bob, 2));
        assertEquals(List.of(2L, 3L), seqs(alice, 2), "1 was drained above");
    }

    @Test
    void aFailedCatchUpReadIsRetriedAndNothingIsSkipped() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        TestClient bob = joined(two, "bob", "r");
        two.sync();
        bob.drainNow();

        n2.failReads = true;
        alice.say("r", "a1", "one");
        alice.say("r", "a2", "two");
        assertEquals(2, alice.ackOf("a2").seq());
        two.sync();
        assertEquals(List.of(), messagesIn(bob.drainNow()), "nothing while the log cannot be read");
        n2.deaf = true; // from now on only node two's own commits tell it anything
        bob.say("r", "b1", "node two's own, after them");
        assertEquals(3, bob.ackOf("b1").seq(), "acknowledged: it is stored, whether or not it can be fanned out yet");
        two.sync();
        assertEquals(List.of(), messagesIn(bob.drainNow()), "not 3 before 1 and 2");

        n2.failReads = false;
        two.sync(); // any next cycle of the room: its own commit told it 3 is committed
        assertEquals(List.of(1L, 2L, 3L), seqs(bob, 3), "read again from where it stopped, in order");
        n2.deaf = false;
        alice.say("r", "a3", "three");
        assertEquals(List.of(4L), seqs(bob, 1));
    }

    @Test
    void aRoomWithNoMemberHereFollowsNoticesWithoutReading() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        TestClient bob = joined(two, "bob", "r");
        bob.send(new ClientMessage.Leave("r"));
        two.sync();
        long reads = n2.reads.get();
        for (int i = 1; i <= 3; i++) {
            alice.say("r", "a" + i, "m" + i);
        }
        assertEquals(3, alice.ackOf("a3").seq());
        two.sync();
        assertEquals(reads, n2.reads.get(), "nobody here to read for");

        bob.send(new ClientMessage.Join("r", OptionalLong.of(1)));
        assertEquals(List.of(2L, 3L), seqs(bob, 2), "a member coming back is replayed from the log");
        bob.say("r", "b1", "hi");
        assertEquals(4, bob.ackOf("b1").seq());
        assertEquals(0, n2.corrected.get(), "the notices kept node two's head guess right");
    }

    @Test
    void aRetryThroughTheOtherNodeGetsTheOriginalAckAndIsNotFannedOutAgain() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        TestClient alice2 = joined(two, "alice", "r");
        TestClient bob = joined(two, "bob", "r");
        alice.say("r", "x", "once");
        assertEquals(1, alice.ackOf("x").seq());
        assertEquals(List.of(1L), seqs(bob, 1));

        n2.deaf = true; // node two learns of nothing: its dedup must come from the log itself
        alice.say("r", "y", "twice");
        assertEquals(2, alice.ackOf("y").seq());
        alice2.say("r", "y", "the retry");
        assertEquals(2, alice2.ackOf("y").seq(), "the original ack");
        alice2.say("r", "x", "an older retry");
        assertEquals(1, alice2.ackOf("x").seq());
        two.sync();
        n2.deaf = false;
        alice.say("r", "z", "thrice");
        assertEquals(List.of(2L, 3L), seqs(bob, 2), "2 once, from the log, then 3");
        two.sync();
        assertEquals(List.of(), messagesIn(bob.drainNow()));
        assertEquals(3, store.head("r"));
    }

    @Test
    void aSendStoredByTheOtherNodeWhileThisOneCommitsIsAckedWithTheOriginalAndFannedOutOnce() throws Exception {
        TestClient alice = joined(one, "alice", "r");
        TestClient alice2 = joined(two, "alice", "r");
        TestClient bob = joined(two, "bob", "r");
        // Node two has checked its cache and the store for alice's "x" and drafted it; before its
        // commit, node one stores the same send. Only the log can tell node two.
        n2.beforeAppend = () -> {
            n2.beforeAppend = null;
            alice.say("r", "x", "through node one");
            assertEquals(1, alice.ackOf("x").seq());
        };
        alice2.say("r", "x", "through node two");
        assertEquals(1, alice2.ackOf("x").seq(), "the original's ack");
        assertEquals(1, n2.duplicates.get(), "the log answered node two's draft with the original");
        assertEquals(List.of(1L), seqs(bob, 1));
        alice.say("r", "y", "next");
        assertEquals(List.of(2L), seqs(bob, 1));
        assertEquals(List.of(1L, 2L), seqs(alice2, 2), "alice's other device: each once");
        two.sync();
        assertEquals(List.of(), messagesIn(bob.drainNow()), "node two did not fan out its duplicate");
        assertEquals(1, two.stats().duplicates());
    }

    @Test
    void aNodeFarBehindGivesItsListenersAGapInsteadOfAFlood() throws Exception {
        SharedLog.Node n3 = log.node();
        ChatService three = new ChatService(n3, ChatConfig.defaults().withRate(1e6, 1_000_000).withOutbox(64, 20), clock);
        try {
            TestClient alice = joined(one, "alice", "r");
            TestClient bob = joined(three, "bob", "r");
            n3.deaf = true;
            for (int i = 1; i <= 30; i++) { // the replay window of node three is 20
                alice.say("r", "a" + i, "m" + i);
            }
            assertEquals(30, alice.ackOf("a30").seq());
            n3.deaf = false;
            alice.say("r", "a31", "heard");
            ServerMessage.Gap gap = (ServerMessage.Gap) bob.await(m -> m instanceof ServerMessage.Gap);
            assertEquals(new ServerMessage.Gap("r", 0, 31, "window"), gap, "said out loud, and history fills it");
            alice.say("r", "a32", "live after the gap");
            assertEquals(List.of(32L), seqs(bob, 1));
            three.sync();
            assertEquals(List.of(), messagesIn(bob.drainNow()));
        } finally {
            three.close();
        }
    }

    @Test
    void aNoticeForARoomNotLiveOnANodeStartsNothingThereAndItsFirstUseReadsTheHead() throws Exception {
        TestClient alice = joined(one, "alice", "quiet");
        int rooms = two.roomCount();
        alice.say("quiet", "a1", "m1");
        assertEquals(1, alice.ackOf("a1").seq());
        two.sync();
        assertEquals(rooms, two.roomCount(), "node two has no orderer for a room nobody uses there");
        TestClient bob = joined(two, "bob", "quiet");
        bob.say("quiet", "b1", "m2");
        assertEquals(2, bob.ackOf("b1").seq());
        assertEquals(0, n2.corrected.get(), "the new room read its head from the log");
        assertEquals(List.of(2L), seqs(bob, 1), "live from its join on");
    }

    @Test
    void aDirectMessageReachesTheRecipientAndTheSendersOtherDevicesOnTheOtherNode() throws Exception {
        TestClient alice = new TestClient(one);
        alice.hello("alice");
        TestClient alicePhone = new TestClient(two);
        alicePhone.hello("alice");
        TestClient bob = new TestClient(two);
        bob.hello("bob");
        one.sync();
        two.sync();
        alice.send(new ClientMessage.Direct("bob", "d1", "psst"));
        assertEquals(new ServerMessage.Ack("@bob", "d1", 1), alice.ackOf("d1"));
        ServerMessage.Message got = bob.expect(ServerMessage.Message.class);
        assertEquals("@bob", got.room());
        assertEquals("psst", got.text());
        ServerMessage.Message copy = alicePhone.expect(ServerMessage.Message.class);
        assertEquals("@alice", copy.room(), "the sender's own copy, on her other device");
        assertEquals("bob", copy.to());
        assertEquals("d1", copy.cid());
    }

    /** The sequences of the next {@code n} messages {@code c} receives (other frames skipped). */
    private static List<Long> seqs(TestClient c, int n) throws InterruptedException {
        List<Long> out = new ArrayList<>();
        while (out.size() < n) {
            ServerMessage m = c.next();
            if (m instanceof ServerMessage.Gap g) {
                fail("gap " + g);
            }
            if (m instanceof ServerMessage.Message msg) {
                out.add(msg.seq());
            }
        }
        return out;
    }

    private static List<Long> messagesIn(List<ServerMessage> frames) {
        return frames.stream().filter(m -> m instanceof ServerMessage.Message).map(m -> ((ServerMessage.Message) m).seq())
                .toList();
    }
}
