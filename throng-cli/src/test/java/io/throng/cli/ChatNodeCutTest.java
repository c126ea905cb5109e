package io.throng.cli;

import static io.throng.cli.ChatNodesKillTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.chat.store.postgres.PgCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's partition test: node A on the host and node B in a network namespace share one real
 * PostgreSQL; B reaches the database over one veth pair and its clients reach B over another. The
 * database link is taken down (packets lost, no reset) while B's user is sending, at the worst moment: B's
 * append is inside its transaction, about to get the room's advisory lock, and gets it after the cut, so
 * only the database knows B holds it. Checked: B
 * acknowledges nothing sent while it is cut off, and answers each of those sends {@code store_failed}
 * within a bound (its pool's socket timeout, then connection timeout) instead of leaving it waiting; A keeps ordering and acknowledging the same room (so no
 * lock B held when the link went is kept forever); after the link returns, B's user sends again with
 * the same cids and B acknowledges them; in PostgreSQL each (sender, cid) is stored once, every ack
 * names its row, the room is 1..N; every member ends holding 1..N in order.
 *
 * <p>Versions 2 clients with accounts: B listens on a non-loopback address, where
 * {@code --insecure-nicknames} is refused.
 */
class ChatNodeCutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOM = "lobby";

    @TempDir
    Path data;

    @Test
    void aNodeCutOffFromTheDatabaseStopsAcknowledgingWhileTheOtherServesAndThenRecovers() throws Exception {
        assertTrue(PgCluster.available(), "PostgreSQL 15 is installed (.ci/run installs it)");
        List<NodeMember> members = new ArrayList<>();
        ChatNode a = null;
        ChatNode b = null;
        try (PgCluster pg = PgCluster.start();
                NetCut net = NetCut.create("thr" + ProcessHandle.current().pid() % 100000, 213)) {
            listenAlsoOn(pg, net.databaseAddress());
            a = new ChatNode("127.0.0.2", pg.jdbcUrl(), data.resolve("a"), List.of(), "--argon2=64,1,1");
            b = new ChatNode(net.insideAddress(), "jdbc:postgresql://" + net.databaseAddress() + ":" + pg.port()
                    + "/chat?user=" + PgCluster.USER + "&password=" + pg.password(), data.resolve("b"), net.exec(),
                    "--argon2=64,1,1", "--registration", "closed");
            List<ChatNode> nodes = List.of(a, b);
            for (String nick : List.of("alice", "bob", "carol")) {
                String token = register(a, nick);
                NodeMember m = new NodeMember(nick, token, ROOM, nick.equals("alice") ? 0 : 1, 2, n -> nodes.get(n).ws());
                m.start(Duration.ofSeconds(30));
                members.add(m);
            }
            NodeMember alice = members.get(0);
            NodeMember bob = members.get(1);

            // Bob (on B) sends all along, 5 a second, so the cut may come in the middle of B's transaction.
            AtomicInteger bobSent = new AtomicInteger();
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread bobSender = Thread.ofVirtual().start(() -> {
                long start = System.nanoTime();
                for (int k = 0; !stop.get(); k++) {
                    try {
                        long wait = start + k * 200_000_000L - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait); // pacing, not synchronisation
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                    bob.say("b" + k, "bob " + k);
                    bobSent.incrementAndGet();
                }
            });
            await("bob's first 10 acknowledged", Duration.ofSeconds(30), () -> bob.acks.size() >= 10);

            // The worst moment for the cut: B inside its append's transaction. The test holds the room's
            // lock, waits until B's append waits for it, cuts the link, then lets go: B's transaction takes
            // the lock on the database's side and its answer is lost on the way.
            int firstAfterCut;
            long cutAt;
            try (var holder = pg.connect(); var s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_lock(hashtextextended('" + ROOM + "', 0))");
                await("B's append waits for the room's lock", Duration.ofSeconds(30), () -> waitingFrom(pg, net.insideDatabaseAddress()));
                net.cutDatabase();
                firstAfterCut = bobSent.get();   // every cid from here on was sent after the cut
                cutAt = System.nanoTime();
                s.execute("SELECT pg_advisory_unlock(hashtextextended('" + ROOM + "', 0))");
            }
            // A keeps ordering the room: alice's 20 are acknowledged while B is cut off.
            for (int k = 0; k < 20; k++) {
                alice.say("a" + k, "alice " + k);
            }
            await("alice's 20 acknowledged by A during the cut", Duration.ofSeconds(30), () -> alice.acks.size() == 20);
            System.out.printf("ChatNodeCutTest: A acknowledged 20 in %.2f s after the cut%n", (System.nanoTime() - cutAt) / 1e9);
            // B stays cut off while bob sends 20 more (4 s at his pace) and until B has answered each of them
            // store_failed: a bounded wait (the pool's socket and connection timeouts), never an ack.
            await("bob sent 20 during the cut", Duration.ofSeconds(30), () -> bobSent.get() >= firstAfterCut + 20);
            try {
                await("B answers store_failed to each of bob's 20 sends during the cut", Duration.ofSeconds(60), () -> {
                    for (int k = firstAfterCut; k < firstAfterCut + 20; k++) {
                        if (!bob.storeFailed("b" + k) && !bob.acks.containsKey("b" + k)) {
                            return false;
                        }
                    }
                    return true;
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; sends from b" + firstAfterCut + ", bob's errors "
                        + bob.errors, e);
            }
            double failedIn = (System.nanoTime() - cutAt) / 1e9;
            Set<String> ackedDuringCut = new TreeSet<>();
            for (int k = firstAfterCut; k < bobSent.get(); k++) {
                if (bob.acks.containsKey("b" + k)) {
                    ackedDuringCut.add("b" + k);
                }
            }
            long failed = bob.errors.stream().filter(e -> e.startsWith("store_failed")).count();
            System.out.printf("ChatNodeCutTest: B answered store_failed to all of bob's first 20 sends of the cut "
                    + "%.1f s after it%n", failedIn);
            net.restoreDatabase();
            long restoredAt = System.nanoTime();
            assertTrue(ackedDuringCut.isEmpty(), "B acknowledged while cut off: " + ackedDuringCut);
            stop.set(true);
            bobSender.join(10_000);

            // Recovery: bob sends again whatever is not acknowledged (same cids), as after store_failed.
            long[] lastRetry = {0};
            await("B acknowledges every one of bob's sends again", Duration.ofSeconds(120), () -> {
                if (bob.unacknowledged() > 0 && System.nanoTime() - lastRetry[0] > 1_000_000_000L) {
                    lastRetry[0] = System.nanoTime(); // a client's retry, once a second
                    bob.retryPending();
                }
                return bob.unacknowledged() == 0;
            });
            System.out.printf("ChatNodeCutTest: B answered store_failed %d times during the cut; acknowledged everything "
                    + "%.1f s after the link returned%n", failed, (System.nanoTime() - restoredAt) / 1e9);

            Map<String, Long> stored = new HashMap<>();
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
            assertEquals(20 + bobSent.get(), n, "every say stored once");
            for (NodeMember m : members) {
                m.acks.forEach((cid, seq) -> assertEquals(seq, stored.get(m.nick + "/" + cid), m.nick + " " + cid));
            }
            final long last = n;
            await("every member holds 1.." + n, Duration.ofSeconds(60),
                    () -> members.stream().allMatch(m -> m.contiguous() == last));
            for (NodeMember m : members) {
                List<Long> got;
                synchronized (m.arrivals) {
                    got = new ArrayList<>(m.arrivals);
                }
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(i + 1, got.get(i), m.nick + " in order, once, no gap: " + got + " " + m.gaps);
                }
            }
        } finally {
            members.forEach(NodeMember::close);
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        }
    }

    /** Whether a session from {@code address} waits for an advisory lock. */
    private static boolean waitingFrom(PgCluster pg, String address) {
        try (var c = pg.connect(); var s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM "
                + "pg_stat_activity WHERE client_addr = '" + address + "' AND wait_event = 'advisory'")) {
            r.next();
            return r.getLong(1) > 0;
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** PostgreSQL listens on {@code address} too and takes passwords from there; restarted to apply it. */
    private static void listenAlsoOn(PgCluster pg, String address) throws Exception {
        String hba;
        try (var c = pg.connect(); var s = c.createStatement(); var r = s.executeQuery("SHOW hba_file")) {
            r.next();
            hba = r.getString(1);
        }
        String[] octets = address.split("\\.");
        Files.writeString(Path.of(hba), "\nhost all all " + octets[0] + "." + octets[1] + ".0.0/16 scram-sha-256\n",
                java.nio.file.StandardOpenOption.APPEND);
        pg.psql("ALTER SYSTEM SET listen_addresses = '127.0.0.1," + address + "'");
        pg.stop(false);
        pg.startAgain();
    }

    private static String register(ChatNode node, String nick) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + node.host
                + ":" + node.port() + "/api/register")).POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + nick
                + "\",\"password\":\"" + nick + "'s password\",\"bearer\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("token").asText();
    }
}
