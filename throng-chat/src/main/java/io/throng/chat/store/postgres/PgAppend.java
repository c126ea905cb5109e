package io.throng.chat.store.postgres;

import io.throng.chat.store.MessageLog.Appended;
import io.throng.chat.store.StoredMessage;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One group-commit transaction of {@link PgMessageLog}: every draft of a batch of appends, stored or
 * answered as a duplicate, or none of them. Seven statements whatever the number of rooms, so a batch
 * costs the same few round trips for one room or thirty (the first version spent four per room, and
 * under load those round trips, not the database's work, were most of a message's commit time):
 * <ol>
 *   <li>{@code pg_advisory_xact_lock} on every room of the batch, in one statement, in the order of the
 *       lock keys (so two nodes' transactions that share rooms take the locks in the same order and
 *       cannot deadlock): one writer per room until this commit;</li>
 *   <li>the rooms' committed heads from {@code room_heads}, in a statement of its own: under READ
 *       COMMITTED it sees what was committed when it started, after the locks, so every commit of each
 *       room's previous writer;</li>
 *   <li>the drafts whose {@code (room, sender, cid)} is already stored, in one lookup: those are
 *       answered with the stored original, marked duplicate, and not stored again;</li>
 *   <li>the others take head + 1, head + 2... per room: the caller's {@code seq} was a guess; one
 *       multi-row insert;</li>
 *   <li>the new heads into {@code room_heads} (one statement), and one {@code NOTIFY} per room moved
 *       (one statement): "room R is at seq N", carrying the room's new messages of this transaction
 *       when they fit ({@link HeadNotice}); PostgreSQL delivers it only if and when the transaction
 *       commits, so a listener is never handed a message that was not committed; then the commit.</li>
 * </ol>
 */
final class PgAppend {
    /** The answers, one list per append of the batch, and how many rows were stored. */
    record Result(List<List<Appended>> answers, int stored) {}

    private record Ref(int append, int draft) {}

    /**
     * Locks the rooms of the array in the order of their keys. One statement: the sort feeds the
     * aggregate row by row, so the locks are taken in that order; a key twice (a hash clash) is locked once.
     */
    static final String LOCK_ROOMS = "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT "
            + "hashtextextended(r, 0) AS k FROM unnest(?::text[]) AS r ORDER BY 1) AS keys";

    private static final String HEADS = "SELECT room, head FROM room_heads WHERE room = ANY (?::text[])";

    /** The stored originals among (room, sender, cid) triples: one unique-index probe each. */
    private static final String KNOWN = "SELECT " + PgMessageLog.COLUMNS + ", m.room FROM unnest(?::text[], "
            + "?::text[], ?::text[]) AS d(room, sender, cid) JOIN messages m ON m.room = d.room "
            + "AND m.sender = d.sender AND m.cid = d.cid";

    private PgAppend() {}

    static Result run(Connection c, List<PgMessageLog.Pending> batch, String node) throws SQLException {
        Appended[][] answers = new Appended[batch.size()][];
        Map<String, List<Ref>> byRoom = new TreeMap<>();
        List<StoredMessage> all = new ArrayList<>();
        for (int a = 0; a < batch.size(); a++) {
            List<StoredMessage> drafts = batch.get(a).drafts();
            answers[a] = new Appended[drafts.size()];
            for (int d = 0; d < drafts.size(); d++) {
                byRoom.computeIfAbsent(drafts.get(d).room(), r -> new ArrayList<>()).add(new Ref(a, d));
                all.add(drafts.get(d));
            }
        }
        int stored = 0;
        c.setAutoCommit(false);
        try (PreparedStatement lock = c.prepareStatement(LOCK_ROOMS);
             PreparedStatement heads = c.prepareStatement(HEADS);
             PreparedStatement known = c.prepareStatement(KNOWN);
             PreparedStatement insert = c.prepareStatement("INSERT INTO messages (room, seq, sender, cid, text, time, "
                     + "recipient) VALUES (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement moved = c.prepareStatement("INSERT INTO room_heads (room, head) VALUES (?, ?) "
                     + "ON CONFLICT (room) DO UPDATE SET head = excluded.head");
             PreparedStatement notify = c.prepareStatement("SELECT count(pg_notify(?, p)) FROM unnest(?::text[]) AS p")) {
            Array rooms = c.createArrayOf("text", byRoom.keySet().toArray());
            lock.setArray(1, rooms);
            lock.execute();
            Map<String, Long> head = heads(heads, rooms);
            Map<Key, StoredMessage> original = stored(known, c, all);
            List<String> notices = new ArrayList<>();
            for (Map.Entry<String, List<Ref>> e : byRoom.entrySet()) {
                String room = e.getKey();
                long seq = head.getOrDefault(room, 0L);
                long before = seq;
                List<StoredMessage> fresh = new ArrayList<>();
                for (Ref ref : e.getValue()) {
                    StoredMessage d = batch.get(ref.append()).drafts().get(ref.draft());
                    StoredMessage first = original.get(key(room, d.sender(), d.cid()));
                    if (first != null) {
                        answers[ref.append()][ref.draft()] = new Appended(first, true);
                        continue;
                    }
                    StoredMessage m = new StoredMessage(room, ++seq, d.sender(), d.cid(), d.text(), d.time(),
                            d.recipient(), false);
                    original.put(key(room, m.sender(), m.cid()), m); // a second copy in this very batch is a duplicate too
                    answers[ref.append()][ref.draft()] = new Appended(m, false);
                    fresh.add(m);
                    insert.setString(1, room);
                    insert.setLong(2, m.seq());
                    insert.setString(3, m.sender());
                    insert.setString(4, m.cid());
                    insert.setString(5, m.text());
                    insert.setLong(6, m.time());
                    insert.setString(7, m.recipient());
                    insert.addBatch();
                }
                if (seq > before) {
                    stored += (int) (seq - before);
                    moved.setString(1, room);
                    moved.setLong(2, seq);
                    moved.addBatch();
                    notices.add(HeadNotice.payload(node, fresh));
                }
            }
            if (stored > 0) {
                insert.executeBatch();
                moved.executeBatch();
                notify.setString(1, HeadNotice.CHANNEL);
                notify.setArray(2, c.createArrayOf("text", notices.toArray()));
                notify.execute();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        }
        List<List<Appended>> out = new ArrayList<>(answers.length);
        for (Appended[] a : answers) {
            out.add(Arrays.asList(a));
        }
        return new Result(out, stored);
    }

    /** The committed head of each room of {@code rooms} that has one. */
    private static Map<String, Long> heads(PreparedStatement heads, Array rooms) throws SQLException {
        heads.setArray(1, rooms);
        Map<String, Long> out = new HashMap<>();
        try (ResultSet r = heads.executeQuery()) {
            while (r.next()) {
                out.put(r.getString(1), r.getLong(2));
            }
        }
        return out;
    }

    /** The stored messages among the drafts, by {@link #key}. */
    private static Map<Key, StoredMessage> stored(PreparedStatement known, Connection c, List<StoredMessage> drafts)
            throws SQLException {
        String[] rooms = new String[drafts.size()];
        String[] senders = new String[drafts.size()];
        String[] cids = new String[drafts.size()];
        for (int i = 0; i < drafts.size(); i++) {
            rooms[i] = drafts.get(i).room();
            senders[i] = drafts.get(i).sender();
            cids[i] = drafts.get(i).cid();
        }
        known.setArray(1, c.createArrayOf("text", rooms));
        known.setArray(2, c.createArrayOf("text", senders));
        known.setArray(3, c.createArrayOf("text", cids));
        Map<Key, StoredMessage> found = new HashMap<>();
        try (ResultSet r = known.executeQuery()) {
            while (r.next()) {
                StoredMessage m = PgMessageLog.row(r.getString(8), r);
                found.put(key(m.room(), m.sender(), m.cid()), m);
            }
        }
        return found;
    }

    /** The idempotency key of a draft. */
    private record Key(String room, String sender, String cid) {}

    private static Key key(String room, String sender, String cid) {
        return new Key(room, sender, cid);
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Whether {@code e} says the database cannot be reached (connection class 08, the server shutting
     * down or starting, or no pooled connection in time), rather than refusing this transaction.
     */
    static boolean connectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
