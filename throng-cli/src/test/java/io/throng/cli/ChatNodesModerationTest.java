package io.throng.cli;

import static io.throng.cli.NodeClient.error;
import static io.throng.cli.NodeClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.throng.chat.store.postgres.PgCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moderation across nodes: two {@code throng chat --store} node processes on 127.0.0.2 and .3 share one
 * real PostgreSQL, both running before any room is made. A moderator on node A acts on members connected
 * to node B; B must do what A would have done to its own (the same {@code removed}, {@code tombstone}),
 * and refuse afterwards what A refuses. Each test uses its own room. Bounds are generous (30 s per awaited
 * frame) for a loaded box; what is asserted is that it happens, never how fast.
 */
class ChatNodesModerationTest {
    @TempDir
    static Path data;
    static ChatNodesOnPg nodes;
    static PgCluster pg;
    static ChatNode a;
    static ChatNode b;

    @BeforeAll
    static void start() throws Exception {
        nodes = ChatNodesOnPg.start(data, "--insecure-nicknames");
        pg = nodes.pg;
        a = nodes.a;
        b = nodes.b;
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** {@code owner} on A creates {@code room}; returns its client. */
    private static NodeClient owner(String nick, String room, boolean isPrivate) throws Exception {
        NodeClient o = new NodeClient(a, nick);
        o.send("{\"type\":\"create\",\"room\":\"" + room + "\",\"private\":" + isPrivate + "}");
        o.await("members of " + room, f -> type(f, "members") && room.equals(f.path("room").asText()));
        return o;
    }

    @Test
    void aBanOnAExpelsTheMemberOnBAndBRefusesItsRejoinHistoryAndPosts() throws Exception {
        try (NodeClient alice = owner("alice", "den", false); NodeClient carol = new NodeClient(b, "carol")) {
            alice.join("den");
            carol.join("den");
            alice.send("{\"type\":\"ban\",\"room\":\"den\",\"nick\":\"carol\"}");
            JsonNode removed = carol.await("removed from den", f -> type(f, "removed"));
            assertEquals("den", removed.path("room").asText());
            assertEquals("banned", removed.path("reason").asText());
            assertEquals("alice", removed.path("by").asText());
            assertFalse(removed.has("until"), "a ban without seconds has no end: " + removed);

            // B refuses, by its own reloaded records, what A refuses.
            int from = carol.size();
            carol.send("{\"type\":\"join\",\"room\":\"den\"}");
            assertEquals("banned", carol.awaitAfter(from, "join refused", error("join", "den")).path("code").asText());
            carol.send("{\"type\":\"history\",\"room\":\"den\",\"after\":0,\"limit\":10}");
            assertEquals("banned", carol.awaitAfter(from, "history refused", error("history", "den")).path("code").asText());
            carol.send("{\"type\":\"say\",\"room\":\"den\",\"cid\":\"c1\",\"text\":\"let me back\"}");
            carol.awaitAfter(from, "say refused", error("say", "den"));
            assertTrue(carol.all(f -> type(f, "ack")).isEmpty(), "nothing of a banned user is stored");

            // Lifted on A: B lets carol back in.
            alice.send("{\"type\":\"unban\",\"room\":\"den\",\"nick\":\"carol\"}");
            awaitJoined(carol, "den");
        }
    }

    @Test
    void aKickOnAExpelsTheMemberOnBAndNothingPostedAfterItReachesThem() throws Exception {
        try (NodeClient alice = owner("amy", "hall", false); NodeClient bob = new NodeClient(b, "bob");
                NodeClient witness = new NodeClient(b, "wendy")) {
            alice.join("hall");
            bob.join("hall");
            witness.join("hall");
            alice.send("{\"type\":\"kick\",\"room\":\"hall\",\"nick\":\"bob\"}");
            JsonNode removed = bob.await("removed from hall", f -> type(f, "removed"));
            assertEquals("kicked", removed.path("reason").asText());
            assertEquals("amy", removed.path("by").asText());
            assertFalse(removed.has("until"));
            alice.send("{\"type\":\"say\",\"room\":\"hall\",\"cid\":\"after-kick\",\"text\":\"bob is gone\"}");
            long seq = alice.await("ack", f -> type(f, "ack")).path("seq").asLong();
            // wendy, on B like bob, gets it: so B fanned it out, and not to bob.
            witness.await("the message after the kick", f -> type(f, "message") && f.path("seq").asLong() == seq);
            assertTrue(bob.all(f -> type(f, "message") && f.path("seq").asLong() == seq).isEmpty(),
                    "a kicked member got a message posted after the kick");
            // A kick is not a ban: a public room takes bob back.
            bob.join("hall");
        }
    }

    @Test
    void aMuteOnAStopsTheMembersPostsOnBUntilItIsLifted() throws Exception {
        try (NodeClient alice = owner("ann", "quiet", false); NodeClient dave = new NodeClient(b, "dave")) {
            alice.join("quiet");
            dave.join("quiet");
            alice.send("{\"type\":\"mute\",\"room\":\"quiet\",\"nick\":\"dave\",\"seconds\":3600}");
            alice.await("members after the mute", f -> type(f, "members") && f.path("room").asText().equals("quiet")
                    && alice.all(g -> type(g, "members")).size() >= 2);
            // The mute reaches B after A stored it: dave's posts are refused once it has, never acked after.
            JsonNode refused = sayUntil(dave, "quiet", "muted");
            assertEquals("muted", refused.path("code").asText());
            int from = dave.size();
            dave.send("{\"type\":\"say\",\"room\":\"quiet\",\"cid\":\"still\",\"text\":\"still muted?\"}");
            assertEquals("muted", dave.awaitAfter(from, "muted again", error("say", "quiet")).path("code").asText());
            assertTrue(dave.all(f -> type(f, "ack") && f.path("cid").asText().equals("still")).isEmpty());
            // dave still reads: a mute does not expel.
            assertTrue(dave.all(f -> type(f, "removed")).isEmpty());

            alice.send("{\"type\":\"unmute\",\"room\":\"quiet\",\"nick\":\"dave\"}");
            sayUntil(dave, "quiet", null);
        }
    }

    @Test
    void aMemberKickedFromAPrivateRoomOnACannotReadItOnB() throws Exception {
        try (NodeClient alice = owner("ava", "vault", true); NodeClient erin = new NodeClient(b, "erin")) {
            alice.join("vault");
            // Before the invite reaches B, B refuses erin: the room is private and she is no member.
            alice.send("{\"type\":\"invite\",\"room\":\"vault\",\"nick\":\"erin\"}");
            awaitJoined(erin, "vault");
            alice.send("{\"type\":\"say\",\"room\":\"vault\",\"cid\":\"s1\",\"text\":\"the code is 1234\"}");
            long seq = alice.await("ack", f -> type(f, "ack")).path("seq").asLong();
            erin.await("the secret", f -> type(f, "message") && f.path("seq").asLong() == seq);

            alice.send("{\"type\":\"kick\",\"room\":\"vault\",\"nick\":\"erin\"}");
            JsonNode removed = erin.await("removed from vault", f -> type(f, "removed"));
            assertEquals("kicked", removed.path("reason").asText());
            int from = erin.size();
            erin.send("{\"type\":\"history\",\"room\":\"vault\",\"after\":0,\"limit\":10}");
            assertEquals("forbidden", erin.awaitAfter(from, "history refused", error("history", "vault"))
                    .path("code").asText());
            erin.send("{\"type\":\"join\",\"room\":\"vault\"}");
            assertEquals("forbidden", erin.awaitAfter(from, "join refused", error("join", "vault")).path("code").asText());
            erin.send("{\"type\":\"members\",\"room\":\"vault\"}");
            erin.awaitAfter(from, "members refused", error("members", "vault"));
            assertTrue(erin.all(f -> type(f, "history")).isEmpty(), "a removed member read the room's history");
        }
    }

    @Test
    void aMessageDeletedOnAIsTombstonedForMembersOnB() throws Exception {
        try (NodeClient alice = owner("abe", "notes", false); NodeClient fred = new NodeClient(b, "fred")) {
            alice.join("notes");
            fred.join("notes");
            alice.send("{\"type\":\"say\",\"room\":\"notes\",\"cid\":\"oops\",\"text\":\"wrong room\"}");
            long seq = alice.await("ack", f -> type(f, "ack")).path("seq").asLong();
            fred.await("the message", f -> type(f, "message") && f.path("seq").asLong() == seq);
            alice.send("{\"type\":\"delete\",\"room\":\"notes\",\"seq\":" + seq + "}");
            JsonNode t = fred.await("tombstone", f -> type(f, "tombstone"));
            assertEquals(seq, t.path("seq").asLong());
            assertEquals("abe", t.path("by").asText());
            assertEquals(1, fred.all(f -> type(f, "tombstone")).size());
            assertEquals(1, alice.all(f -> type(f, "tombstone")).size(), "A's member gets the tombstone once");
        }
    }

    /**
     * A ban, a kick and a deletion whose notices B never heard (written straight into PostgreSQL, as if
     * the NOTIFYs were lost) are applied when B's LISTEN connection is re-established: B reloads every
     * room's records, and reads the kicks and tombstones written since it last looked. The kick spares
     * a session that joined after it; each tombstone reaches each member once.
     */
    @Test
    void aMissedNoticeIsRepairedWhenTheListenConnectionReconnects() throws Exception {
        try (NodeClient alice = owner("al", "attic", false); NodeClient gus = new NodeClient(b, "gus");
                NodeClient hal = new NodeClient(b, "hal"); NodeClient ivy = new NodeClient(b, "ivy")) {
            alice.join("attic");
            gus.join("attic");
            hal.join("attic");
            ivy.join("attic");
            alice.send("{\"type\":\"say\",\"room\":\"attic\",\"cid\":\"doomed\",\"text\":\"delete me\"}");
            long seq = alice.await("ack", f -> type(f, "ack")).path("seq").asLong();
            ivy.await("the message", f -> type(f, "message") && f.path("seq").asLong() == seq);
            long kickedAt = System.currentTimeMillis(); // the nodes' clock: after hal's join on B, before the next
            try (NodeClient late = new NodeClient(b, "hal")) {
                while (System.currentTimeMillis() <= kickedAt) {
                    Thread.onSpinWait(); // a join strictly after the kick's millisecond
                }
                late.join("attic");
                try (var c = pg.connect(); var s = c.createStatement()) {
                    s.execute("INSERT INTO sanctions (room, \"user\", kind, until, \"by\") VALUES ('attic', 'gus', 'ban', "
                            + Long.MAX_VALUE + ", 'al')");
                    s.execute("INSERT INTO kicks (room, \"user\", \"by\", at) VALUES ('attic', 'hal', 'al', " + kickedAt + ")");
                    s.execute("INSERT INTO tombstones (room, seq, deleter, time) VALUES ('attic', " + seq + ", 'al', "
                            + kickedAt + ")");
                    s.execute("UPDATE messages SET text = '' WHERE room = 'attic' AND seq = " + seq);
                }
                // Not heard by anyone: gus is still a member and may post.
                sayUntil(gus, "attic", null);
                // End every LISTEN session (both nodes'); they connect again and reload.
                long ended = nodes.endListens();
                assertTrue(ended >= 2, "both nodes' LISTEN sessions found: " + ended);
                JsonNode removed = gus.await("removed from attic", f -> type(f, "removed"));
                assertEquals("banned", removed.path("reason").asText());
                assertEquals("al", removed.path("by").asText());
                JsonNode kicked = hal.await("kicked from attic", f -> type(f, "removed"));
                assertEquals("kicked", kicked.path("reason").asText());
                assertEquals("al", kicked.path("by").asText());
                JsonNode t = ivy.await("tombstone", f -> type(f, "tombstone"));
                assertEquals(seq, t.path("seq").asLong());
                assertEquals("al", t.path("by").asText());
                alice.await("tombstone on A too", f -> type(f, "tombstone") && f.path("seq").asLong() == seq);

                // A second reconnection repairs nothing twice; a message after it is the marker.
                nodes.endListens();
                JsonNode after = sayUntil(alice, "attic", null);
                ivy.await("the message after", f -> type(f, "message") && f.path("seq").asLong() == after.path("seq").asLong());
                late.await("the message after, on the session that joined after the kick",
                        f -> type(f, "message") && f.path("seq").asLong() == after.path("seq").asLong());
                assertTrue(late.all(f -> type(f, "removed")).isEmpty(), "a join after the kick was kicked");
                assertEquals(1, ivy.all(f -> type(f, "tombstone")).size(), "the tombstone came twice");
                assertEquals(1, hal.all(f -> type(f, "removed")).size());
            }
        }
    }

    /** Joins {@code room} again and again (the change is on its way to B) until the online list comes. */
    static void awaitJoined(NodeClient c, String room) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        while (true) {
            int from = c.size();
            c.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            JsonNode answer = c.awaitAfter(from, "an answer to join " + room, f -> error("join", room).test(f)
                    || type(f, "presence") && room.equals(f.path("room").asText()) && "online".equals(f.path("event").asText()));
            if (type(answer, "presence")) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(c.nick + " still refused from " + room + ": " + answer);
            }
            Thread.sleep(100); // a client's retry interval, under a deadline
        }
    }

    /**
     * Says until the answer is the error {@code code} (or, with null, an ack); returns that answer. Each
     * try has a new cid.
     */
    private static JsonNode sayUntil(NodeClient c, String room, String code) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        for (int k = 0; ; k++) {
            String cid = "try-" + System.nanoTime() + "-" + k;
            int from = c.size();
            c.send("{\"type\":\"say\",\"room\":\"" + room + "\",\"cid\":\"" + cid + "\",\"text\":\"hi\"}");
            JsonNode answer = c.awaitAfter(from, "an answer to " + cid, f -> cid.equals(f.path("cid").asText())
                    && (type(f, "ack") || type(f, "error")));
            if (code == null ? type(answer, "ack") : code.equals(answer.path("code").asText())) {
                return answer;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(c.nick + " in " + room + ": still " + answer + ", not " + code);
            }
            Thread.sleep(100); // a client's retry interval, under a deadline
        }
    }
}
