package io.throng.chat.store.postgres;

import io.throng.channels.Channel;
import io.throng.channels.Received;
import io.throng.chat.metrics.LatencyHistogram;
import io.throng.chat.store.MessageLog;
import io.throng.chat.store.RoomRecords;
import io.throng.chat.store.StoredMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * The rooms' logs in PostgreSQL, shared by every chat node on the database. Appends are
 * group-committed by one writer thread ({@link PgAppend} is one transaction); reads go through the
 * pool; {@link #watch} is served by one LISTEN connection ({@link PgListener}). See the package
 * documentation for the sequencing and durability argument.
 */
public final class PgMessageLog implements MessageLog {
    /** Most drafts committed in one transaction, as in the SQLite store. */
    static final int MAX_BATCH = 2048;

    private final PgDatabase db;
    /** This log's id in its notices ({@link HeadNotice}), so its own listener skips their messages. */
    private final String node = java.util.UUID.randomUUID().toString();
    private final Channel<Pending> queue = Channel.buffered(MAX_BATCH * 4);
    private final Thread writer;
    private final PgListener listener;
    private final PgRoomRecords rooms;
    private final PgPresence presence;
    private final LongAdder commits = new LongAdder();
    private final LongAdder committedMessages = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final LatencyHistogram commitLatency = new LatencyHistogram();

    record Pending(List<StoredMessage> drafts, CompletableFuture<List<Appended>> done) {}

    private PgMessageLog(PgDatabase db) {
        this.db = db;
        this.listener = new PgListener(db, node);
        this.rooms = new PgRoomRecords(db.dataSource(), listener);
        this.presence = new PgPresence(db.dataSource(), listener, java.util.UUID.randomUUID().toString());
        // pgjdbc is plain Java, but the thread is one per log and lives as long as it: a platform thread.
        this.writer = Thread.ofPlatform().name("chat-pg-writer").daemon().start(this::writeLoop);
    }

    /** Opens the log on {@code url} (running the migrations) with a pool of {@code poolSize}. */
    public static PgMessageLog open(PgUrl url, int poolSize) throws SQLException {
        return new PgMessageLog(PgDatabase.open(url, poolSize, "chat-messages"));
    }

    /** Opens the log with the pool {@code throng chat} runs with. */
    public static PgMessageLog open(PgUrl url) throws SQLException {
        return open(url, 8);
    }

    @Override
    public CompletableFuture<List<Appended>> append(List<StoredMessage> drafts) throws InterruptedException {
        CompletableFuture<List<Appended>> done = new CompletableFuture<>();
        if (drafts.isEmpty()) {
            done.complete(List.of());
            return done;
        }
        queue.send(new Pending(List.copyOf(drafts), done));
        return done;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            Received<Pending> first;
            try {
                first = queue.receive();
            } catch (InterruptedException e) {
                return;
            }
            if (!(first instanceof Received.Value<Pending>(Pending p))) {
                return; // closed and drained
            }
            batch.add(p);
            int count = p.drafts().size();
            while (count < MAX_BATCH && queue.tryReceive() instanceof Received.Value<Pending>(Pending more)) {
                batch.add(more);
                count += more.drafts().size();
            }
            SQLException lost = commit(batch);
            batch.clear();
            if (lost != null) {
                failQueued(lost);
            }
        }
    }

    /**
     * The database could not be reached: the appends queued meanwhile fail too, at once. Each has already
     * waited up to the pool's timeout behind the failed transaction; another transaction would make it
     * wait one more, and its senders hear {@code store_failed} twice as late. The next append tries again.
     */
    private void failQueued(SQLException lost) {
        while (queue.tryReceive() instanceof Received.Value<Pending>(Pending p)) {
            p.done().completeExceptionally(lost);
        }
    }

    /**
     * Commits the batch in one transaction. If it fails for something other than a lost database
     * (say one draft PostgreSQL refuses), each append is tried again alone, so only the bad one fails;
     * if the database is gone, they all fail at once rather than each waiting for it again.
     *
     * @return the failure if the database could not be reached, else null
     */
    private SQLException commit(List<Pending> batch) {
        try {
            List<List<Appended>> answers = transaction(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(answers.get(i));
            }
        } catch (SQLException e) {
            boolean lost = PgAppend.connectionLost(e);
            if (batch.size() == 1 || lost) {
                batch.forEach(p -> p.done().completeExceptionally(e));
                return lost ? e : null;
            }
            for (Pending p : batch) {
                try {
                    p.done().complete(transaction(List.of(p)).getFirst());
                } catch (SQLException alone) {
                    p.done().completeExceptionally(alone);
                }
            }
        }
        return null;
    }

    private List<List<Appended>> transaction(List<Pending> batch) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = db.dataSource().getConnection()) {
            PgAppend.Result r = PgAppend.run(c, batch, node);
            long took = System.nanoTime() - start;
            commits.increment();
            committedMessages.add(r.stored());
            commitNanos.add(took);
            commitLatency.record(took);
            io.throng.chat.events.ChatEvents.storeCommitted("postgresql", r.stored(), took);
            return r.answers();
        }
    }

    /** {@link PgAppend} looks the batch's (sender, cid) pairs up under the room's lock, one query per room. */
    @Override
    public boolean answersDuplicates() {
        return true;
    }

    @Override
    public long head(String room) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT head FROM room_heads WHERE room = ?")) {
            s.setString(1, room);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /** Selects a message and whether it has a tombstone, as {@link #row} reads it. */
    static final String COLUMNS = "m.seq, m.sender, m.cid, m.text, m.time, m.recipient, "
            + "EXISTS (SELECT 1 FROM tombstones t WHERE t.room = m.room AND t.seq = m.seq)";

    static StoredMessage row(String room, ResultSet rs) throws SQLException {
        return new StoredMessage(room, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getString(6), rs.getBoolean(7));
    }

    @Override
    public Optional<StoredMessage> find(String room, String sender, String cid) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM messages m WHERE m.room = ? AND m.sender = ? AND m.cid = ?")) {
            s.setString(1, room);
            s.setString(2, sender);
            s.setString(3, cid);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(room, r)) : Optional.empty();
            }
        }
    }

    @Override
    public List<StoredMessage> after(String room, long after, int limit) throws SQLException {
        reads.increment();
        return rows("SELECT " + COLUMNS + " FROM messages m WHERE m.room = ? AND m.seq > ? ORDER BY m.seq LIMIT ?",
                room, after, limit);
    }

    @Override
    public List<StoredMessage> before(String room, long before, int limit) throws SQLException {
        List<StoredMessage> newestFirst = rows("SELECT " + COLUMNS
                + " FROM messages m WHERE m.room = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?", room, before, limit);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private List<StoredMessage> rows(String sql, String room, long bound, int limit) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, room);
            s.setLong(2, bound);
            s.setInt(3, limit);
            List<StoredMessage> out = new ArrayList<>(Math.min(limit, 256));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(row(room, rs));
                }
            }
            return out;
        }
    }

    @Override
    public io.throng.chat.store.PresenceBus presence() {
        return presence;
    }

    @Override
    public RoomRecords rooms() {
        return rooms;
    }

    @Override
    public void watch(Watcher watcher) {
        listener.add(watcher);
    }

    /** The database URL without its password. */
    @Override
    public String describe() {
        return db.url().redacted();
    }

    @Override
    public long commits() {
        return commits.sum();
    }

    @Override
    public long commitNanos() {
        return commitNanos.sum();
    }

    @Override
    public LatencyHistogram commitLatency() {
        return commitLatency;
    }

    @Override
    public long committedMessages() {
        return committedMessages.sum();
    }

    @Override
    public long reads() {
        return reads.sum();
    }

    /** The pool, for a test's or a tool's direct reads. */
    DataSource dataSource() {
        return db.dataSource();
    }

    /** Commits what was appended, stops listening, closes the pool. */
    @Override
    public void close() throws InterruptedException {
        if (!queue.isClosed()) {
            queue.close();
        }
        writer.join();
        listener.close();
        db.close();
    }
}
