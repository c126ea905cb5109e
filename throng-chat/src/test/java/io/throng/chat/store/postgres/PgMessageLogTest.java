package io.throng.chat.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.store.MessageLog.Appended;
import io.throng.chat.store.StoredMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PgMessageLog} against a real PostgreSQL: the {@code MessageLog} contract for several writers,
 * each writer a log of its own on the same database, as two chat nodes would be.
 */
class PgMessageLogTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PgCluster pg;
    private PgUrl url;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PgCluster.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        url = PgUrl.parse(pg.newDatabase("log" + DATABASES.incrementAndGet()));
    }

    private static StoredMessage m(String room, long seq) {
        return new StoredMessage(room, seq, "u" + (seq % 3), "c" + seq, "text " + seq, 1000 + seq);
    }

    private static List<StoredMessage> stored(List<Appended> answers) {
        return answers.stream().map(Appended::message).toList();
    }

    @Test
    void appendsAreReadBackByHeadHistoryAndClientIdAcrossAReopen() throws Exception {
        try (PgMessageLog log = PgMessageLog.open(url, 2)) {
            assertEquals(0, log.head("a"));
            List<CompletableFuture<List<Appended>>> pending = new ArrayList<>();
            for (long seq = 1; seq <= 10; seq++) {
                pending.add(log.append(List.of(m("a", seq))));
            }
            pending.add(log.append(List.of(m("b", 1), m("b", 2))));
            for (CompletableFuture<List<Appended>> f : pending) {
                assertFalse(f.get().getFirst().duplicate());
            }
            assertEquals(12, log.committedMessages());
            assertTrue(log.commits() >= 1 && log.commits() <= 11);
            assertEquals(log.commits(), log.commitLatency().count());
        }
        try (PgMessageLog log = PgMessageLog.open(url, 2)) {
            assertEquals(10, log.head("a"));
            assertEquals(2, log.head("b"));
            assertEquals(Optional.of(m("a", 7)), log.find("a", "u1", "c7"));
            assertEquals(Optional.empty(), log.find("a", "u2", "c7"), "the sender is part of the key");
            assertEquals(List.of(m("a", 4), m("a", 5)), log.after("a", 3, 2));
            assertEquals(List.of(m("a", 8), m("a", 9)), log.before("a", 10, 2));
            assertEquals(List.of(m("a", 9), m("a", 10)), log.before("a", Long.MAX_VALUE, 2));
            assertEquals(List.of(), log.after("a", 10, 5));
            assertEquals(List.of(m("b", 1), m("b", 2)), log.after("b", 0, 100));
        }
    }

    @Test
    void describeNamesTheDatabaseButNeverThePassword() throws Exception {
        try (PgMessageLog log = PgMessageLog.open(PgUrl.parse(pg.libpqUrl()), 1)) {
            String shown = log.describe();
            assertFalse(shown.contains(pg.password()), shown);
            assertTrue(shown.contains("127.0.0.1:" + pg.port() + "/chat"), shown);
        }
    }

    @Test
    void theLogNumbersTheMessagesWhenTheCallersGuessIsStale() throws Exception {
        try (PgMessageLog one = PgMessageLog.open(url, 2); PgMessageLog two = PgMessageLog.open(url, 2)) {
            one.append(List.of(m("r", 1), m("r", 2), m("r", 3))).get();
            // The second node still believes the room is empty: its guess, seq 1, is taken.
            StoredMessage guess = new StoredMessage("r", 1, "zed", "z1", "late news", 5);
            List<Appended> answer = two.append(List.of(guess, new StoredMessage("r", 2, "zed", "z2", "more", 6))).get();
            assertEquals(List.of(4L, 5L), answer.stream().map(a -> a.message().seq()).toList());
            assertFalse(answer.getFirst().duplicate());
            assertEquals(5, one.head("r"));
            assertEquals(List.of("text 1", "text 2", "text 3", "late news", "more"),
                    one.after("r", 0, 100).stream().map(StoredMessage::text).toList());
        }
    }

    @Test
    void twoWritersAppendingAtOnceMakeOneContiguousLog() throws Exception {
        int each = 300;
        try (PgMessageLog one = PgMessageLog.open(url, 2); PgMessageLog two = PgMessageLog.open(url, 2)) {
            List<CompletableFuture<List<Appended>>> pending = new ArrayList<>();
            for (int i = 1; i <= each; i++) {
                // Both writers guess the same sequence every time: only the log can sort it out.
                pending.add(one.append(List.of(new StoredMessage("r", i, "one", "c" + i, "from one " + i, i))));
                pending.add(two.append(List.of(new StoredMessage("r", i, "two", "c" + i, "from two " + i, i),
                        new StoredMessage("s", i, "two", "c" + i, "other room " + i, i))));
            }
            List<Long> seqs = new ArrayList<>();
            for (CompletableFuture<List<Appended>> f : pending) {
                for (Appended a : f.get(60, TimeUnit.SECONDS)) {
                    assertFalse(a.duplicate());
                    if (a.message().room().equals("r")) {
                        seqs.add(a.message().seq());
                    }
                }
            }
            assertEquals(2 * each, seqs.stream().distinct().count(), "every answer has its own sequence");
            List<StoredMessage> log = one.after("r", 0, 10_000);
            assertEquals(2 * each, log.size());
            for (int i = 0; i < log.size(); i++) {
                assertEquals(i + 1, log.get(i).seq(), "no hole, no double");
            }
            // Each writer's messages keep the order it appended them in.
            for (String writer : List.of("one", "two")) {
                List<String> texts = log.stream().filter(x -> x.sender().equals(writer)).map(StoredMessage::text).toList();
                for (int i = 0; i < each; i++) {
                    assertEquals("from " + writer + " " + (i + 1), texts.get(i));
                }
            }
            assertEquals(each, two.head("s"));
        }
    }

    /**
     * Both writers' batches span the same eight rooms, their drafts in opposite orders, so each
     * transaction takes several rooms' locks while the other wants them: taken in different orders they
     * would deadlock, and PostgreSQL would end one transaction (its appends failing). Every append must
     * succeed and every room be contiguous.
     */
    @Test
    void writersWhoseBatchesShareManyRoomsNeverDeadlock() throws Exception {
        List<String> rooms = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        int batches = 150;
        try (PgMessageLog one = PgMessageLog.open(url, 2); PgMessageLog two = PgMessageLog.open(url, 2)) {
            List<CompletableFuture<List<Appended>>> pending = new ArrayList<>();
            // The worst moment, made certain: the test holds room e's lock until both writers' first
            // transactions wait for a lock, each holding whatever it took before.
            try (Connection holder = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                    Statement s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_lock(hashtextextended('e', 0))");
                pending.add(one.append(rooms.stream().map(r -> new StoredMessage(r, 1, "one", "c0", "one 0", 0)).toList()));
                pending.add(two.append(rooms.reversed().stream().map(r -> new StoredMessage(r, 1, "two", "c0", "two 0", 0))
                        .toList()));
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (true) {
                    try (ResultSet r = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
                        r.next();
                        if (r.getLong(1) >= 2) {
                            break;
                        }
                    }
                    assertTrue(System.nanoTime() < end, "both writers wait for a room's lock");
                    Thread.sleep(10); // a poll interval under a deadline
                }
                s.execute("SELECT pg_advisory_unlock(hashtextextended('e', 0))");
            }
            for (int i = 1; i <= batches; i++) {
                List<StoredMessage> forward = new ArrayList<>();
                List<StoredMessage> backward = new ArrayList<>();
                for (String r : rooms) {
                    forward.add(new StoredMessage(r, i, "one", "c" + i, "one " + i, i));
                    backward.addFirst(new StoredMessage(r, i, "two", "c" + i, "two " + i, i));
                }
                pending.add(one.append(forward));
                pending.add(two.append(backward));
            }
            for (CompletableFuture<List<Appended>> f : pending) {
                assertEquals(rooms.size(), f.get(60, TimeUnit.SECONDS).size());
            }
            for (String r : rooms) {
                List<StoredMessage> log = one.after(r, 0, 10_000);
                assertEquals(2 * batches + 2, log.size(), r);
                for (int i = 0; i < log.size(); i++) {
                    assertEquals(i + 1, log.get(i).seq(), r + ": no hole, no double");
                }
            }
        }
    }

    @Test
    void aDuplicateIsAnsweredWithTheOriginalWhoeverStoredIt() throws Exception {
        try (PgMessageLog one = PgMessageLog.open(url, 2); PgMessageLog two = PgMessageLog.open(url, 2)) {
            StoredMessage first = one.append(List.of(new StoredMessage("r", 1, "alice", "c1", "hello", 10))).get()
                    .getFirst().message();
            // A retry reaching the other node, after another message, with a new text and a new guess.
            two.append(List.of(new StoredMessage("r", 2, "bob", "b1", "hi", 11))).get();
            List<Appended> retry = two.append(List.of(new StoredMessage("r", 3, "alice", "c1", "hello again", 12),
                    new StoredMessage("r", 3, "alice", "c2", "new", 13),
                    new StoredMessage("r", 4, "alice", "c2", "new, twice in one append", 14))).get();
            assertEquals(new Appended(first, true), retry.get(0));
            assertEquals(new Appended(new StoredMessage("r", 3, "alice", "c2", "new", 13), false), retry.get(1));
            assertEquals(new Appended(retry.get(1).message(), true), retry.get(2));
            assertEquals(3, one.head("r"));
            assertEquals(List.of("hello", "hi", "new"), one.after("r", 0, 10).stream().map(StoredMessage::text).toList());
            assertEquals(2, two.committedMessages());
        }
    }

    @Test
    void aFailedTransactionStoresNothingOfItsAppendAndTheOthersGoOn() throws Exception {
        try (PgMessageLog log = PgMessageLog.open(url, 2)) {
            log.append(List.of(m("a", 1))).get();
            // PostgreSQL's text cannot hold NUL: the server refuses the row, so the append fails whole.
            CompletableFuture<List<Appended>> bad = null;
            List<CompletableFuture<List<Appended>>> good = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                good.add(log.append(List.of(new StoredMessage("b", i, "u", "g" + i, "fine", i))));
                if (i == 100) {
                    bad = log.append(List.of(new StoredMessage("a", 2, "u", "ok", "stored?", 1),
                            new StoredMessage("a", 3, "u", "nul", "bad \u0000 text", 2)));
                }
            }
            ExecutionException e = assertThrows(ExecutionException.class, bad::get);
            assertInstanceOf(SQLException.class, e.getCause());
            for (CompletableFuture<List<Appended>> f : good) {
                f.get();
            }
            assertEquals(1, log.head("a"), "all or nothing: the good draft of the bad append was rolled back");
            assertEquals(Optional.empty(), log.find("a", "u", "ok"));
            assertEquals(200, log.head("b"));
            assertEquals(200, log.after("b", 0, 1000).size());
        }
    }

    @Test
    void watchersHearOfEveryWritersCommits() throws Exception {
        try (PgMessageLog one = PgMessageLog.open(url, 2); PgMessageLog two = PgMessageLog.open(url, 2)) {
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            two.watch((room, head) -> heard.add(room + "@" + head));
            one.append(List.of(m("a", 1), m("a", 2))).get();
            // The listener may also report heads it read when it (re)connected; wait for this commit's.
            awaitNotice(heard, "a@2");
            two.append(List.of(m("b", 1))).get();
            awaitNotice(heard, "b@1"); // its own commits too
        }
    }

    /**
     * Presence lists cross to the other node whole, a big one split into parts and joined again; a node
     * never hears its own; a foreign payload on the channel is ignored.
     */
    @Test
    void presenceListsReachTheOtherNodesWholeAndNeverTheirSender() throws Exception {
        try (PgMessageLog one = PgMessageLog.open(url, 2); PgMessageLog two = PgMessageLog.open(url, 2)) {
            BlockingQueue<io.throng.chat.store.PresenceBus.Heard> atOne = new LinkedBlockingQueue<>();
            BlockingQueue<io.throng.chat.store.PresenceBus.Heard> atTwo = new LinkedBlockingQueue<>();
            one.presence().watch(atOne::add);
            two.presence().watch(atTwo::add);
            // Both listening: each hears a commit of the other's.
            BlockingQueue<String> heads1 = new LinkedBlockingQueue<>();
            BlockingQueue<String> heads2 = new LinkedBlockingQueue<>();
            one.watch((room, head) -> heads1.add(room + "@" + head));
            two.watch((room, head) -> heads2.add(room + "@" + head));
            one.append(List.of(m("x", 1))).get();
            awaitNotice(heads2, "x@1");
            two.append(List.of(m("y", 1))).get();
            awaitNotice(heads1, "y@1");

            List<String> crowd = java.util.stream.IntStream.range(0, 2_000)
                    .mapToObj(i -> "user" + "x".repeat(14) + String.format("%06d", i)).toList();
            java.util.Map<String, List<String>> lists = new java.util.LinkedHashMap<>();
            lists.put("den", crowd);
            lists.put("hall", List.of("bob"));
            one.presence().announce(lists);
            java.util.Map<String, List<String>> got = new java.util.HashMap<>();
            for (int i = 0; i < 2; i++) {
                var h = atTwo.poll(10, TimeUnit.SECONDS);
                assertTrue(h != null, "two heard " + got.keySet() + " of den and hall");
                got.put(h.room(), h.users());
            }
            assertEquals(lists, got);
            try (Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                 Statement s = c.createStatement()) {
                s.execute("NOTIFY throng_chat_presence, 'not ours at all'");
                s.execute("NOTIFY throng_chat_presence, 'forged 1 den 1/1 @inbox'");
            }
            two.presence().announce(java.util.Map.of("den", List.of("zed")));
            var first = atOne.poll(10, TimeUnit.SECONDS);
            assertTrue(first != null, "one heard nothing of two");
            assertEquals(List.of("zed"), first.users(), "one heard its own list, or a foreign one, first");
            assertEquals("den", first.room());
        }
    }

    private record Carried(String room, long head, List<StoredMessage> messages) {}

    /**
     * A commit's notice carries, room by room, the messages it stored exactly as they read back (a
     * direct message's recipient and time too), so another node can fan them out without the read. A
     * batch the database refused (PostgreSQL's text cannot hold a NUL) carries nothing: the NOTIFY is
     * part of the transaction, so only committed rows travel, and the rooms' next commit starts at 1.
     */
    @Test
    void noticesCarryTheCommittedMessagesAsStoredAndNothingOfARefusedBatch() throws Exception {
        try (PgMessageLog one = PgMessageLog.open(url, 2); PgMessageLog two = PgMessageLog.open(url, 2)) {
            BlockingQueue<Carried> heard = new LinkedBlockingQueue<>();
            two.watch(new io.throng.chat.store.MessageLog.Watcher() {
                @Override
                public void moved(String room, long head) {
                    heard.add(new Carried(room, head, List.of()));
                }

                @Override
                public void moved(String room, long head, List<StoredMessage> carried) {
                    heard.add(new Carried(room, head, carried));
                }
            });
            one.append(List.of(m("warm", 1))).get();
            // Two heard of it by its notice or by the heads it reads once it is LISTENing: either way it
            // is listening from here on, and nothing below can be missed.
            Carried warm;
            do {
                warm = heard.poll(10, TimeUnit.SECONDS);
                assertTrue(warm != null, "two never heard of warm");
            } while (!warm.room().equals("warm"));

            CompletableFuture<List<Appended>> refused = one.append(List.of(
                    new StoredMessage("a", 1, "alice", "ok", "refused with its batch", 1),
                    new StoredMessage("a", 2, "alice", "nul", "a NUL \0 here", 2)));
            assertInstanceOf(SQLException.class, assertThrows(ExecutionException.class, refused::get).getCause());
            List<StoredMessage> drafts = List.of(m("a", 1), m("a", 2),
                    new StoredMessage("@bob", 1, "alice", "d1", "psst \"bob\"\n", 5, "bob", false), m("b", 1));
            one.append(drafts).get();
            java.util.Map<String, List<StoredMessage>> got = new java.util.HashMap<>();
            while (got.size() < 3) { // one notice per room, in any order
                Carried c = awaitCarried(heard);
                if (c.room().equals("warm")) {
                    continue; // warm's own notice, late: the loop above may have ended on the heads two read
                }
                assertEquals(c.head(), c.messages().getLast().seq());
                assertEquals(null, got.put(c.room(), c.messages()), "a room's commit was carried twice");
            }
            assertEquals(java.util.Set.of("a", "@bob", "b"), got.keySet());
            for (String room : got.keySet()) {
                assertEquals(one.after(room, 0, 10), got.get(room), room);
            }
            assertEquals(List.of(1L, 2L), got.get("a").stream().map(StoredMessage::seq).toList());
            assertEquals("bob", got.get("@bob").getFirst().recipient());
        }
    }

    /** The next notice that carries messages; fails if a carried one is of the refused batch. */
    private static Carried awaitCarried(BlockingQueue<Carried> heard) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Carried> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Carried c = heard.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (c == null) {
                continue;
            }
            assertTrue(c.messages().stream().noneMatch(m -> m.text().equals("refused with its batch")),
                    "a refused batch's message was carried: " + c);
            if (!c.messages().isEmpty()) {
                return c;
            }
            seen.add(c);
        }
        throw new AssertionError("no carrying notice within 10 s; heard " + seen);
    }

    static void awaitNotice(BlockingQueue<String> heard, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String n = heard.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (expected.equals(n)) {
                return;
            }
            if (n != null) {
                seen.add(n);
            }
        }
        throw new AssertionError("no notice " + expected + " within 10 s; heard " + seen);
    }

    @Test
    void commitsAreSynchronousWhateverWeakerDefaultTheDatabaseHas() throws Exception {
        String db = url.jdbcUrl().substring(url.jdbcUrl().lastIndexOf('/') + 1);
        pg.psql("ALTER DATABASE " + db + " SET synchronous_commit = off");
        try (PgMessageLog log = PgMessageLog.open(url, 1)) {
            assertEquals("on", setting(log));
        }
        pg.psql("ALTER DATABASE " + db + " SET synchronous_commit = remote_apply");
        try (PgMessageLog log = PgMessageLog.open(url, 1)) {
            assertEquals("remote_apply", setting(log), "a stronger choice of the operator's is kept");
        }
    }

    private static String setting(PgMessageLog log) throws SQLException {
        try (Connection c = log.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW synchronous_commit")) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void migrationsRunOnceEvenWhenNodesStartTogether() throws Exception {
        List<CompletableFuture<PgMessageLog>> opening = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            opening.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return PgMessageLog.open(url, 1);
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (CompletableFuture<PgMessageLog> f : opening) {
            f.get(60, TimeUnit.SECONDS).close();
        }
        try (Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version, script FROM schema_version ORDER BY version")) {
            List<String> applied = new ArrayList<>();
            while (r.next()) {
                applied.add(r.getInt(1) + " " + r.getString(2));
            }
            assertEquals(List.of("1 V1__messages.sql", "2 V2__rooms.sql", "3 V3__accounts.sql", "4 V4__repairs.sql"), applied);
        }
    }
}
