package io.throng.cli;

import static io.throng.cli.NodeClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence across nodes: {@code throng chat --store} node processes on 127.0.0.2 and .3 (and .4, to be
 * killed) share one real PostgreSQL and tell each other who is in which room through NOTIFY, with a
 * presence grace of {@value #GRACE_S} s (so a heartbeat every 3 s). Each test uses its own room. A test
 * that must show something was not said waits for a later frame that travels the same way (a marker),
 * never for a while; time is only bounded from below where the design says "not before".
 */
class ChatNodesPresenceTest {
    private static final int GRACE_S = 9;
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(GRACE_S);
    private static final long BEAT_NANOS = GRACE_NANOS / 3;

    @TempDir
    static Path data;
    static ChatNodesOnPg nodes;
    static ChatNode a;
    static ChatNode b;

    @BeforeAll
    static void start() throws Exception {
        nodes = ChatNodesOnPg.start(data, "--insecure-nicknames", "--presence-grace", Integer.toString(GRACE_S));
        a = nodes.a;
        b = nodes.b;
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    static Predicate<JsonNode> presence(String event, String room, String nick) {
        return f -> type(f, "presence") && event.equals(f.path("event").asText()) && room.equals(f.path("room").asText())
                && nick.equals(f.path("nick").asText());
    }

    private static NodeClient joined(ChatNode node, String nick, String room) throws Exception {
        NodeClient c = new NodeClient(node, nick);
        c.join(room);
        return c;
    }

    private static List<String> online(NodeClient c, String room) {
        List<JsonNode> lists = c.all(f -> type(f, "presence") && "online".equals(f.path("event").asText())
                && room.equals(f.path("room").asText()));
        List<String> out = new ArrayList<>();
        lists.getLast().path("online").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aUserJoiningOnAIsOnlineForMembersOnB() throws Exception {
        try (NodeClient bob = joined(b, "bob", "p1"); NodeClient alice = joined(a, "alice", "p1")) {
            bob.await("alice joined", presence("joined", "p1", "alice"));
            try (NodeClient carol = joined(b, "carol", "p1")) {
                assertEquals(List.of("alice", "bob", "carol"), online(carol, "p1"), "the online list is the union");
            }
        }
    }

    @Test
    void aUserLeavingAIsGoneOnBOnceAndNotBeforeTheGrace() throws Exception {
        try (NodeClient bob = joined(b, "bob", "p2")) {
            NodeClient alice = joined(a, "alice", "p2");
            bob.await("alice joined", presence("joined", "p2", "alice"));
            long dropped = System.nanoTime();
            alice.close(); // detached: present for the grace, then gone
            bob.await("alice left", presence("left", "p2", "alice"));
            long took = System.nanoTime() - dropped;
            assertTrue(took >= GRACE_NANOS, "alice left " + took / 1_000_000 + " ms after her connection ended");
            // A's next list (a marker): alice's leaving was said once.
            try (NodeClient dan = joined(a, "dan", "p2")) {
                bob.await("dan joined", presence("joined", "p2", "dan"));
                assertEquals(1, bob.all(presence("left", "p2", "alice")).size());
            }
        }
    }

    @Test
    void aUserWithSessionsOnBothNodesStaysOnlineWhenOneEnds() throws Exception {
        try (NodeClient bob = joined(b, "bob", "p3"); NodeClient laptop = joined(a, "alice", "p3")) {
            bob.await("alice joined", presence("joined", "p3", "alice"));
            try (NodeClient phone = joined(b, "alice", "p3")) {
                laptop.send("{\"type\":\"leave\",\"room\":\"p3\"}");
                laptop.await("left p3", presence("left", "p3", "alice"));
                try (NodeClient dan = joined(a, "dan", "p3")) { // A's list after alice's leave there
                    bob.await("dan joined", presence("joined", "p3", "dan"));
                    assertTrue(bob.all(presence("left", "p3", "alice")).isEmpty(), "alice is still there on B");
                    phone.send("{\"type\":\"leave\",\"room\":\"p3\"}");
                    bob.await("alice left", presence("left", "p3", "alice"));
                }
            }
        }
    }

    @Test
    void killingANodeWithSigkillTakesItsUsersAwayOneGraceAfterItsLastHeartbeat() throws Exception {
        ChatNode c = nodes.node("127.0.0.4", "c");
        try (NodeClient bob = joined(b, "bob", "p4")) {
            NodeClient alice = joined(c, "alice", "p4");
            bob.await("alice joined", presence("joined", "p4", "alice"));
            long killed = System.nanoTime();
            c.kill();
            bob.await("alice left", presence("left", "p4", "alice"));
            long took = System.nanoTime() - killed;
            System.out.printf("presence: a SIGKILLed node's user left %d ms after the kill (grace %d s)%n",
                    took / 1_000_000, GRACE_S);
            assertTrue(took >= GRACE_NANOS - BEAT_NANOS, "left " + took / 1_000_000 + " ms after the kill: before the grace");
            assertTrue(took <= GRACE_NANOS + BEAT_NANOS + TimeUnit.SECONDS.toNanos(15), "left only after " + took / 1_000_000 + " ms");
            assertEquals(1, bob.all(presence("left", "p4", "alice")).size());
            alice.close();
        }
    }

    @Test
    void lostHeartbeatsAndAPausedNodeDoNotMakePresenceFlap() throws Exception {
        try (NodeClient bob = joined(b, "bob", "p5"); NodeClient alice = joined(a, "alice", "p5")) {
            bob.await("alice joined", presence("joined", "p5", "alice"));
            // Every node's LISTEN connection ends: what is sent until they are back is lost.
            long ended = nodes.endListens();
            assertTrue(ended >= 2, "both nodes' LISTEN sessions found: " + ended);
            // A pauses (a long GC, a stalled VM) for a third of the grace: no heartbeat meanwhile.
            signal("STOP", a);
            try {
                TimeUnit.NANOSECONDS.sleep(BEAT_NANOS); // the pause itself is the fault injected, not a wait for an event
            } finally {
                signal("CONT", a);
            }
            // A full grace later (the leaving of a user detached after the pause proves it), alice never left.
            NodeClient erin = joined(a, "erin", "p5");
            bob.await("erin joined", presence("joined", "p5", "erin"));
            erin.close();
            bob.await("erin left", presence("left", "p5", "erin"));
            assertTrue(bob.all(presence("left", "p5", "alice")).isEmpty(), "alice flapped: " + bob.all(f -> true));
            assertEquals(1, bob.all(presence("joined", "p5", "alice")).size());
        }
    }

    /**
     * A private room's presence crosses nodes to its members and to nobody else: alice (owner, on A) and
     * frank and gina (invited, on B) see each other come and go, and gina's online list holds alice;
     * erin, no member, on B with them, is refused the room and its member list and hears nothing of it,
     * neither an online list nor an event. The marker that everything A said about the vault has reached
     * B: alice then joins a public room erin is in, a later notice from A on the same channel, and erin
     * sees that.
     */
    @Test
    void aPrivateRoomsPresenceReachesItsMembersOnTheOtherNodeAndNoOneElseThere() throws Exception {
        try (NodeClient alice = new NodeClient(a, "alice"); NodeClient frank = new NodeClient(b, "frank");
                NodeClient gina = new NodeClient(b, "gina"); NodeClient erin = joined(b, "erin", "p6")) {
            alice.send("{\"type\":\"create\",\"room\":\"vault6\",\"private\":true}");
            alice.await("vault6 created", f -> type(f, "members") && "vault6".equals(f.path("room").asText()));
            for (String nick : List.of("frank", "gina")) {
                int from = alice.size();
                alice.send("{\"type\":\"invite\",\"room\":\"vault6\",\"nick\":\"" + nick + "\"}");
                alice.awaitAfter(from, nick + " invited", f -> type(f, "members") && f.toString().contains(nick));
            }
            ChatNodesModerationTest.awaitJoined(frank, "vault6"); // once B has heard of the invite
            alice.join("vault6");
            frank.await("alice joined, seen on B", presence("joined", "vault6", "alice"));
            ChatNodesModerationTest.awaitJoined(gina, "vault6");
            assertEquals(List.of("alice", "frank", "gina"), online(gina, "vault6"), "the list has alice, on A");
            alice.await("gina joined, seen on A", presence("joined", "vault6", "gina"));

            int from = erin.size();
            erin.send("{\"type\":\"join\",\"room\":\"vault6\"}");
            assertEquals("forbidden", erin.awaitAfter(from, "join refused", NodeClient.error("join", "vault6"))
                    .path("code").asText());
            erin.send("{\"type\":\"members\",\"room\":\"vault6\"}");
            assertEquals("forbidden", erin.awaitAfter(from, "member list refused", NodeClient.error("members", "vault6"))
                    .path("code").asText());
            alice.send("{\"type\":\"leave\",\"room\":\"vault6\"}");
            frank.await("alice left, seen on B", presence("left", "vault6", "alice"));
            int back = frank.size();
            alice.join("vault6");
            frank.awaitAfter(back, "alice back, seen on B", presence("joined", "vault6", "alice"));

            alice.join("p6"); // the marker: A's later news, through the same channel
            erin.await("alice joined p6", presence("joined", "p6", "alice"));
            List<JsonNode> heard = erin.all(f -> f.toString().contains("vault6") && !type(f, "error"));
            assertTrue(heard.isEmpty(), "erin, no member, heard of the private room: " + heard);
        }
    }

    private static void signal(String sig, ChatNode n) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(n.process.pid())).inheritIO().start();
        assertEquals(0, k.waitFor(), "kill -" + sig);
    }
}
