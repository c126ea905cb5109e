package io.throng.cli;

import static io.throng.cli.ChatNodesKillTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.store.postgres.PgCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's failover test with real nodes: a PostgreSQL primary with a synchronous standby, and two
 * {@code throng chat --store} node processes (127.0.0.2 and .3) given one libpq URL that lists both servers
 * with {@code target_session_attrs=read-write}, the standby first. Four members of one room, two on each node, send all along
 * (100 messages/s together). The primary crashes ({@code pg_ctl stop -m immediate}); once both nodes have
 * answered {@code store_failed}, the standby is promoted; nobody restarts a node.
 *
 * <p>Checked: while there is no primary nothing sent is acknowledged, and sends are answered
 * {@code store_failed} (not left waiting); after the promotion both nodes acknowledge new sends by
 * themselves; members send again what was not acknowledged, with the same cids, as after any
 * {@code store_failed}, and everything ends acknowledged; on the new primary every (sender, cid) is stored
 * once, every ack names its row (so no acknowledged message was lost with the old primary), the room is
 * 1..N; every member, whose connection never dropped, received 1..N in order, each once; a gap only with
 * reason {@code window} (a node that the retries after a long outage put more than the replay window behind),
 * filled from history.
 */
class ChatNodesFailoverTest {
    private static final String ROOM = "lobby";
    private static final int MEMBERS = 4;
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(40); // 25/s each

    @TempDir
    Path data;

    @Test
    void nodesFollowThePromotedStandbyAndNoAcknowledgedMessageIsLost() throws Exception {
        assertTrue(PgCluster.available(), "PostgreSQL 15 is installed (.ci/run installs it)");
        List<NodeMember> members = new ArrayList<>();
        List<ChatNode> nodes = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (PgCluster primary = PgCluster.start()) {
            PgCluster standby = primary.startSynchronousStandby();
            // The standby first: the nodes must find the server that takes writes, wherever it is in the list.
            String url = standby.libpqUrlWith(primary);
            nodes.add(new ChatNode("127.0.0.2", url, data.resolve("a"), List.of(), "--insecure-nicknames"));
            nodes.add(new ChatNode("127.0.0.3", url, data.resolve("b"), List.of(), "--insecure-nicknames"));
            for (int i = 0; i < MEMBERS; i++) {
                NodeMember m = new NodeMember("m" + i, ROOM, i % 2, 2, n -> nodes.get(n).ws());
                m.start(Duration.ofSeconds(30));
                members.add(m);
            }
            AtomicIntegerArray sent = new AtomicIntegerArray(MEMBERS);
            for (int i = 0; i < MEMBERS; i++) {
                NodeMember m = members.get(i);
                int me = i;
                senders.add(Thread.ofVirtual().start(() -> {
                    long start = System.nanoTime();
                    for (int k = 0; !stop.get(); k++) {
                        long wait = start + k * PERIOD_NANOS - System.nanoTime();
                        try {
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait); // pacing, not synchronisation
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                        m.say(cid(me, k), "m" + me + " " + k);
                        sent.incrementAndGet(me);
                    }
                }));
            }
            await("200 acknowledged", Duration.ofSeconds(60), () -> acked(members) >= 200);

            // The primary's machine is gone. Every cid sent from here on reached the nodes after its death.
            long killedAt = System.nanoTime();
            primary.stop(true);
            int[] firstAfterKill = snapshot(sent);
            try {
                await("both nodes answer store_failed to a send made after the crash", Duration.ofSeconds(60),
                        () -> failedFrom(members.get(0), 0, firstAfterKill[0]) && failedFrom(members.get(1), 1, firstAfterKill[1]));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; errors " + members.get(0).errors + " " + members.get(1).errors, e);
            }
            double failedIn = (System.nanoTime() - killedAt) / 1e9;
            for (int i = 0; i < MEMBERS; i++) {
                NodeMember m = members.get(i);
                for (int k = firstAfterKill[i]; k < sent.get(i); k++) {
                    assertFalse(m.acks.containsKey(cid(i, k)), m.nick + " got an ack with no primary: " + cid(i, k));
                }
            }

            // The operator promotes the standby. Nothing else is done to the nodes.
            long promotedAt = System.nanoTime();
            standby.promote();
            int[] firstAfterPromotion = snapshot(sent);
            double[] backIn = new double[2];
            await("both nodes acknowledge sends made after the promotion", Duration.ofSeconds(60), () -> {
                for (int i = 0; i < MEMBERS; i++) {
                    NodeMember m = members.get(i);
                    if (backIn[i % 2] == 0 && ackedFrom(m, i, firstAfterPromotion[i])) {
                        backIn[i % 2] = (System.nanoTime() - promotedAt) / 1e9;
                    }
                }
                return backIn[0] > 0 && backIn[1] > 0;
            });
            stop.set(true);
            for (Thread t : senders) {
                t.join(10_000);
            }
            long[] lastRetry = {0};
            await("every send acknowledged", Duration.ofSeconds(120), () -> {
                if (System.nanoTime() - lastRetry[0] > 1_000_000_000L) {
                    lastRetry[0] = System.nanoTime(); // a client's retry after store_failed, once a second
                    members.forEach(NodeMember::retryPending);
                }
                return members.stream().allMatch(m -> m.unacknowledged() == 0);
            });
            long failures = members.stream().flatMap(m -> m.errors.stream()).filter(e -> e.startsWith("store_failed")).count();

            // On the new primary: each (sender, cid) once, at the seq its ack named; the room 1..N.
            Map<String, Long> stored = new HashMap<>();
            long n;
            try (var c = standby.connect(); var s = c.createStatement()) {
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
            int total = 0;
            for (int i = 0; i < MEMBERS; i++) {
                total += sent.get(i);
            }
            assertEquals(total, n, "every send stored once");
            for (NodeMember m : members) {
                m.acks.forEach((cid, seq) -> assertEquals(seq, stored.get(m.nick + "/" + cid), m.nick + " " + cid));
            }
            final long last = n;
            await("every member holds 1.." + n, Duration.ofSeconds(60),
                    () -> members.stream().allMatch(m -> m.contiguous() == last));
            for (NodeMember m : members) {
                assertEquals(0, m.moves, m.nick + " never lost its node");
                // The retries after a long outage can commit more than the replay window in one go; a node
                // that far behind gives its live members a window gap, which they fill from history.
                m.assertInOrderOnceGapsFilled();
            }
            System.out.printf("ChatNodesFailoverTest: %d messages; both nodes answered store_failed %.2f s after the "
                    + "crash; after the promotion node A acknowledged again in %.2f s, node B in %.2f s; %d store_failed "
                    + "answers in all%n", n, failedIn, backIn[0], backIn[1], failures);
        } finally {
            stop.set(true);
            members.forEach(NodeMember::close);
            for (ChatNode node : nodes) {
                node.close();
            }
        }
    }

    private static String cid(int member, int k) {
        return "m" + member + "-" + k;
    }

    private static int[] snapshot(AtomicIntegerArray a) {
        int[] out = new int[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    /** Whether {@code m} was answered store_failed for one of its sends from the {@code from}-th on. */
    private static boolean failedFrom(NodeMember m, int member, int from) {
        synchronized (m.errors) {
            return m.errors.stream().anyMatch(e -> e.startsWith("store_failed " + "m" + member + "-")
                    && Integer.parseInt(e.substring(e.indexOf('-') + 1)) >= from);
        }
    }

    /** Whether {@code m} has an ack for one of its sends from the {@code from}-th on. */
    private static boolean ackedFrom(NodeMember m, int member, int from) {
        return m.acks.keySet().stream().anyMatch(c -> Integer.parseInt(c.substring(c.indexOf('-') + 1)) >= from);
    }

    private static long acked(List<NodeMember> members) {
        return members.stream().mapToLong(m -> m.acks.size()).sum();
    }
}
