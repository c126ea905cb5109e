package io.throng.chat.store.postgres;

import io.throng.chat.store.MessageLog.Appended;
import io.throng.chat.store.StoredMessage;
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
 * answered as a duplicate, or none of them. For each room of the batch, in name order (so two nodes'
 * transactions that share rooms take the locks in the same order and cannot deadlock):
 * <ol>
 *   <li>{@code pg_advisory_xact_lock} on the room: one writer per room until this commit;</li>
 *   <li>the room's committed head from {@code room_heads} (read after the lock, so it includes every
 *       commit of the room's previous writer);</li>
 *   <li>the drafts whose {@code (room, sender, cid)} is already stored, in one lookup: those are
 *       answered with the stored original, marked duplicate, and not stored again;</li>
 *   <li>the others take head + 1, head + 2...: the caller's {@code seq} was a guess;</li>
 *   <li>the new head into {@code room_heads} and a {@code NOTIFY} "room R is at seq N", which
 *       PostgreSQL delivers only if and when the transaction commits.</li>
 * </ol>
 */
final class PgAppend {
    /** The answers, one list per append of the batch, and how many rows were stored. */
    record Result(List<List<Appended>> answers, int stored) {}

    private record Ref(int append, int draft) {}

    private PgAppend() {}

    static Result run(Connection c, List<PgMessageLog.Pending> batch) throws SQLException {
        Appended[][] answers = new Appended[batch.size()][];
        Map<String, List<Ref>> byRoom = new TreeMap<>();
        for (int a = 0; a < batch.size(); a++) {
            List<StoredMessage> drafts = batch.get(a).drafts();
            answers[a] = new Appended[drafts.size()];
            for (int d = 0; d < drafts.size(); d++) {
                byRoom.computeIfAbsent(drafts.get(d).room(), r -> new ArrayList<>()).add(new Ref(a, d));
            }
        }
        int stored = 0;
        c.setAutoCommit(false);
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))");
             PreparedStatement head = c.prepareStatement("SELECT head FROM room_heads WHERE room = ?");
             PreparedStatement known = c.prepareStatement("SELECT " + PgMessageLog.COLUMNS + " FROM messages m "
                     + "WHERE m.room = ? AND (m.sender, m.cid) IN (SELECT * FROM unnest(?::text[], ?::text[]))");
             PreparedStatement insert = c.prepareStatement("INSERT INTO messages (room, seq, sender, cid, text, time, "
                     + "recipient) VALUES (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement moved = c.prepareStatement("INSERT INTO room_heads (room, head) VALUES (?, ?) "
                     + "ON CONFLICT (room) DO UPDATE SET head = excluded.head");
             PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            for (Map.Entry<String, List<Ref>> e : byRoom.entrySet()) {
                String room = e.getKey();
                lock.setString(1, room);
                lock.execute();
                head.setString(1, room);
                long seq;
                try (ResultSet r = head.executeQuery()) {
                    seq = r.next() ? r.getLong(1) : 0;
                }
                Map<Key, StoredMessage> original = stored(known, c, room, e.getValue(), batch);
                long before = seq;
                for (Ref ref : e.getValue()) {
                    StoredMessage d = batch.get(ref.append()).drafts().get(ref.draft());
                    StoredMessage first = original.get(key(d.sender(), d.cid()));
                    if (first != null) {
                        answers[ref.append()][ref.draft()] = new Appended(first, true);
                        continue;
                    }
                    StoredMessage m = new StoredMessage(room, ++seq, d.sender(), d.cid(), d.text(), d.time(),
                            d.recipient(), false);
                    original.put(key(m.sender(), m.cid()), m); // a second copy in this very batch is a duplicate too
                    answers[ref.append()][ref.draft()] = new Appended(m, false);
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
                    notify.setString(1, HeadNotice.CHANNEL);
                    notify.setString(2, new HeadNotice(room, seq).payload());
                    notify.execute();
                }
            }
            if (stored > 0) {
                insert.executeBatch();
                moved.executeBatch();
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

    /** The stored messages among the drafts of one room, by {@link #key}. */
    private static Map<Key, StoredMessage> stored(PreparedStatement known, Connection c, String room,
                                                     List<Ref> refs, List<PgMessageLog.Pending> batch)
            throws SQLException {
        String[] senders = new String[refs.size()];
        String[] cids = new String[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            StoredMessage d = batch.get(refs.get(i).append()).drafts().get(refs.get(i).draft());
            senders[i] = d.sender();
            cids[i] = d.cid();
        }
        known.setString(1, room);
        known.setArray(2, c.createArrayOf("text", senders));
        known.setArray(3, c.createArrayOf("text", cids));
        Map<Key, StoredMessage> found = new HashMap<>();
        try (ResultSet r = known.executeQuery()) {
            while (r.next()) {
                StoredMessage m = PgMessageLog.row(room, r);
                found.put(key(m.sender(), m.cid()), m);
            }
        }
        return found;
    }

    /** The idempotency key of a draft within its room. */
    private record Key(String sender, String cid) {}

    private static Key key(String sender, String cid) {
        return new Key(sender, cid);
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
