package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.store.postgres.PgCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's first test: three {@code throng chat --store} node processes on 127.0.0.2, .3 and .4 share one
 * real PostgreSQL; one room's members are spread over all three and send about 1,000 messages/s together;
 * one node is killed with SIGKILL mid-run. Its members move to the other nodes as the protocol says
 * (resume, or hello and join with after) and send again what was not acknowledged, with the same cids.
 *
 * <p>Checked: every acknowledged message is in PostgreSQL exactly once, at the seq its ack named; the
 * room's seqs are 1..N without a hole; every member holds 1..N, each message once and in order; a
 * {@code gap} is allowed only with reason {@code window}, filled by history: §3.6 makes it legitimate for a
 * member that missed more than the replay window while it moved, and the service sends it too to live
 * members of a node that fell that far behind the other writers (counted and printed, since the protocol
 * text does not describe that case); every moved member is joined again within 10 s of the kill.
 */
class ChatNodesKillTest {
    private static final int MEMBERS_PER_NODE = 3;
    private static final int MESSAGES_EACH = 500;
    private static final int TOTAL_PER_SECOND = 1000;
    private static final String ROOM = "lobby";

    @TempDir
    Path data;

    @Test
    void killMinusNineOfOneNodeLosesNothingAcknowledged() throws Exception {
        assertTrue(PgCluster.available(), "PostgreSQL 15 is installed (.ci/run installs it)");
        List<ChatNode> nodes = new ArrayList<>();
        List<NodeMember> members = new ArrayList<>();
        try (PgCluster pg = PgCluster.start()) {
            for (int i = 0; i < 3; i++) {
                nodes.add(new ChatNode("127.0.0." + (i + 2), pg.jdbcUrl(), data.resolve("n" + i), List.of(),
                        "--insecure-nicknames"));
            }
            ChatNode victim = nodes.get(2);
            java.util.function.IntFunction<URI> up = n -> nodes.get(n).process.isAlive() ? nodes.get(n).ws() : null;
            for (int i = 0; i < 3 * MEMBERS_PER_NODE; i++) {
                NodeMember m = new NodeMember("m" + i, ROOM, i % 3, 3, up);
                m.start(Duration.ofSeconds(30));
                members.add(m);
            }

            // Senders: each member at TOTAL_PER_SECOND / members, paced by the clock (pacing, not synchronisation).
            long periodNanos = TimeUnit.SECONDS.toNanos(1) * members.size() / TOTAL_PER_SECOND;
            long start = System.nanoTime();
            List<Thread> senders = new ArrayList<>();
            for (NodeMember m : members) {
                senders.add(Thread.ofVirtual().start(() -> {
                    for (int k = 0; k < MESSAGES_EACH; k++) {
                        long due = start + k * periodNanos;
                        long wait = due - System.nanoTime();
                        try {
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                            m.awaitReady(Duration.ofSeconds(30));
                        } catch (Exception e) {
                            return; // the checks below find what was not sent
                        }
                        m.say(m.nick + "-" + k, "t" + k);
                    }
                }));
            }

            // Kill the victim once a third of the messages are acknowledged: an event, with a deadline.
            int total = members.size() * MESSAGES_EACH;
            await("a third acknowledged", Duration.ofSeconds(60), () -> acked(members) >= total / 3);
            long killedAt = System.nanoTime();
            victim.kill();
            for (Thread t : senders) {
                t.join(TimeUnit.SECONDS.toMillis(120));
            }
            double sentIn = (System.nanoTime() - start) / 1e9;
            await("every say acknowledged", Duration.ofSeconds(60),
                    () -> members.stream().allMatch(m -> m.unacknowledged() == 0) && acked(members) == total);
            double ackedIn = (System.nanoTime() - start) / 1e9;

            // PostgreSQL: the room is 1..N, each acknowledged (sender, cid) once, at its acked seq.
            java.util.Map<String, Long> stored = new java.util.HashMap<>();
            long n;
            try (var c = pg.connect(); var s = c.createStatement()) {
                try (var r = s.executeQuery("SELECT count(*), coalesce(max(seq), 0), count(DISTINCT (sender, cid)) "
                        + "FROM messages WHERE room = '" + ROOM + "'")) {
                    r.next();
                    n = r.getLong(2);
                    assertEquals(n, r.getLong(1), "seqs 1..N without a hole");
                    assertEquals(n, r.getLong(3), "no (sender, cid) twice");
                }
                try (var r = s.executeQuery("SELECT sender, cid, seq FROM messages WHERE room = '" + ROOM + "'")) {
                    while (r.next()) {
                        stored.put(r.getString(1) + "/" + r.getString(2), r.getLong(3));
                    }
                }
            }
            assertEquals(total, n, "every say stored once");
            for (NodeMember m : members) {
                m.acks.forEach((cid, seq) -> assertEquals(seq, stored.get(m.nick + "/" + cid), m.nick + " " + cid));
            }

            // Every member ends holding 1..N; the order and duplicates are judged on what it received.
            final long last = n;
            await("every member holds 1.." + n, Duration.ofSeconds(60),
                    () -> members.stream().allMatch(m -> m.contiguous() == last));
            int moved = 0;
            int stayedGaps = 0;
            for (NodeMember m : members) {
                // A gap is legitimate only as "window" (§3.6): a member that moved and missed more than the
                // replay window, or one whose node fell that far behind the other writers (the service's
                // CatchUp gives its listeners a gap then, as a resume would).
                List<String> gaps = m.assertInOrderOnceGapsFilled();
                if (m.moves == 0) {
                    stayedGaps += gaps.size();
                } else {
                    moved++;
                    double seconds = (m.readyAgainNanos - killedAt) / 1e9;
                    assertTrue(seconds < 10, m.nick + " joined again " + seconds + " s after the kill");
                    System.out.printf("ChatNodesKillTest: %s moved to node %d, joined again %.2f s after the kill, gaps %s%n",
                            m.nick, m.node(), seconds, gaps);
                }
                assertTrue(m.errors.stream().noneMatch(e -> e.startsWith("store_failed")), m.nick + " " + m.errors);
            }
            assertEquals(MEMBERS_PER_NODE, moved, "the victim's members moved, and only they");
            System.out.printf("ChatNodesKillTest: %d messages sent in %.1f s (%.0f/s), all acknowledged after %.1f s "
                    + "(%.0f/s), every member holds 1..%d after %.1f s; %d window gaps (filled from history) to members "
                    + "that never moved%n", total, sentIn, total / sentIn, ackedIn, total / ackedIn, n,
                    (System.nanoTime() - start) / 1e9, stayedGaps);
        } finally {
            members.forEach(NodeMember::close);
            for (ChatNode node : nodes) {
                node.close();
            }
        }
    }

    private static long acked(List<NodeMember> members) {
        return members.stream().mapToLong(m -> m.acks.size()).sum();
    }

    static void await(String what, Duration timeout, java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(20); // a poll interval under a deadline
        }
    }
}
