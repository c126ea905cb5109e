package io.throng.chat.store;

import io.throng.channels.Channel;
import io.throng.channels.Received;
import io.throng.chat.metrics.LatencyHistogram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * The rooms' logs in one SQLite file. Appends are group-committed by one writer thread; reads go
 * through a small pool of read-only connections and never wait for the writer (WAL).
 * See the package documentation for the durability argument.
 */
public final class ChatStore implements MessageLog {
    /** Where {@code throng chat} keeps its history unless told otherwise: relative to the working directory. */
    public static final Path DEFAULT_FILE = Path.of("data", "chat.db");

    /** Most messages committed in one transaction; bounds the latency of the first one in a batch. */
    static final int MAX_BATCH = 2048;

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS messages (
              room   TEXT    NOT NULL,
              seq    INTEGER NOT NULL,
              sender TEXT    NOT NULL,
              cid    TEXT    NOT NULL,
              text   TEXT    NOT NULL,
              time   INTEGER NOT NULL,
              PRIMARY KEY (room, seq)
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX IF NOT EXISTS messages_dedup ON messages (room, sender, cid);
            CREATE TABLE IF NOT EXISTS tombstones (
              room    TEXT    NOT NULL,
              seq     INTEGER NOT NULL,
              deleter TEXT    NOT NULL,
              time    INTEGER NOT NULL,
              PRIMARY KEY (room, seq)
            ) WITHOUT ROWID;
            """;

    private final Path file;
    private final Connection writer;
    private final PreparedStatement insert;
    private final Channel<Pending> queue = Channel.buffered(MAX_BATCH * 4);
    private final Thread writerThread;
    private final BlockingQueue<Reader> readers;
    private final List<Reader> allReaders = new ArrayList<>();
    private final LongAdder commits = new LongAdder();
    private final LongAdder committedMessages = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final LatencyHistogram commitLatency = new LatencyHistogram();
    private final RoomRecords rooms;

    private record Pending(List<StoredMessage> messages, CompletableFuture<List<Appended>> done) {}

    private ChatStore(Path file, Durability durability, int readerCount) throws SQLException {
        this.file = file;
        this.writer = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=" + durability.name());
            s.execute("PRAGMA busy_timeout=10000");
            // 32 MiB of page cache: appends to many rooms touch many B-tree leaves at once.
            s.execute("PRAGMA cache_size=-32768");
            for (String ddl : SCHEMA.split(";")) {
                if (!ddl.isBlank()) {
                    s.execute(ddl);
                }
            }
            upgrade(s);
        }
        writer.setAutoCommit(false);
        rooms = new SqliteRoomRecords(DriverManager.getConnection("jdbc:sqlite:" + file));
        insert = writer.prepareStatement(
                "INSERT INTO messages (room, seq, sender, cid, text, time, recipient) VALUES (?, ?, ?, ?, ?, ?, ?)");
        readers = new ArrayBlockingQueue<>(readerCount);
        for (int i = 0; i < readerCount; i++) {
            Reader r = new Reader(DriverManager.getConnection("jdbc:sqlite:" + file));
            allReaders.add(r);
            readers.add(r);
        }
        // A platform thread: the JDBC driver runs SQLite (and its fsync) in native code, which would
        // pin a virtual thread's carrier for the whole commit.
        writerThread = Thread.ofPlatform().name("chat-store-writer").daemon().start(this::writeLoop);
    }

    /**
     * Brings a database written by an older version up to this schema, in place: a column added with a
     * default needs no rewrite of the rows. Old direct messages keep a null recipient (their inbox names
     * one party; the other is the sender).
     */
    private static void upgrade(Statement s) throws SQLException {
        boolean hasRecipient = false;
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(messages)")) {
            while (rs.next()) {
                hasRecipient |= rs.getString("name").equals("recipient");
            }
        }
        if (!hasRecipient) {
            s.execute("ALTER TABLE messages ADD COLUMN recipient TEXT");
        }
    }

    /**
     * Opens (creating if needed) the store at {@code file}, creating its parent directories.
     *
     * @param readerCount read-only connections for history, heads and duplicate checks
     */
    public static ChatStore open(Path file, Durability durability, int readerCount) throws SQLException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the data directory for " + file, e);
        }
        return new ChatStore(file, durability, readerCount);
    }

    /** Opens the store at {@code file} with the readers {@code throng chat} runs with. */
    public static ChatStore open(Path file, Durability durability) throws SQLException {
        return open(file, durability, 4);
    }

    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public RoomRecords rooms() {
        return rooms;
    }

    /**
     * Appends messages; the future completes once they are committed (durable per the
     * {@link Durability}), together with whatever other appends were waiting at the time. This file has
     * one writer, so every message keeps its sequence; a clash with a stored sequence or client id fails
     * the append.
     */
    @Override
    public CompletableFuture<List<Appended>> append(List<StoredMessage> messages) throws InterruptedException {
        CompletableFuture<List<Appended>> done = new CompletableFuture<>();
        if (messages.isEmpty()) {
            done.complete(List.of());
            return done;
        }
        queue.send(new Pending(List.copyOf(messages), done));
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
            int count = p.messages().size();
            while (count < MAX_BATCH && queue.tryReceive() instanceof Received.Value<Pending>(Pending more)) {
                batch.add(more);
                count += more.messages().size();
            }
            commit(batch, count);
            batch.clear();
        }
    }

    private void commit(List<Pending> batch, int count) {
        try {
            insertAll(batch, count);
        } catch (SQLException e) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(e);
                return;
            }
            // One bad append must not fail the other rooms' appends that shared its transaction:
            // commit each on its own, so only the bad one fails.
            for (Pending p : batch) {
                try {
                    insertAll(List.of(p), p.messages().size());
                } catch (SQLException alone) {
                    p.done().completeExceptionally(alone);
                    continue;
                }
                p.done().complete(stored(p));
            }
            return;
        }
        for (Pending p : batch) {
            p.done().complete(stored(p));
        }
    }

    private static List<Appended> stored(Pending p) {
        List<Appended> out = new ArrayList<>(p.messages().size());
        for (StoredMessage m : p.messages()) {
            out.add(new Appended(m, false));
        }
        return out;
    }

    /** Inserts and commits in one transaction, or rolls it all back and throws. */
    private void insertAll(List<Pending> batch, int count) throws SQLException {
        long start = System.nanoTime();
        try {
            for (Pending p : batch) {
                for (StoredMessage m : p.messages()) {
                    insert.setString(1, m.room());
                    insert.setLong(2, m.seq());
                    insert.setString(3, m.sender());
                    insert.setString(4, m.cid());
                    insert.setString(5, m.text());
                    insert.setLong(6, m.time());
                    insert.setString(7, m.recipient());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
            writer.commit();
            commits.increment();
            committedMessages.add(count);
            long took = System.nanoTime() - start;
            commitNanos.add(took);
            commitLatency.record(took);
            io.throng.chat.events.ChatEvents.storeCommitted("sqlite", count, took);
        } catch (SQLException e) {
            try {
                insert.clearBatch();
                writer.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The highest sequence stored for {@code room}, 0 if none. */
    @Override
    public long head(String room) throws SQLException, InterruptedException {
        return read(r -> {
            PreparedStatement s = r.head;
            s.setString(1, room);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The message {@code sender} stored in {@code room} with client id {@code cid}, if any. */
    @Override
    public Optional<StoredMessage> find(String room, String sender, String cid)
            throws SQLException, InterruptedException {
        return read(r -> {
            PreparedStatement s = r.find;
            s.setString(1, room);
            s.setString(2, sender);
            s.setString(3, cid);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of(new StoredMessage(room, rs.getLong(1), sender, cid, rs.getString(2), rs.getLong(3),
                                rs.getString(4), rs.getBoolean(5)))
                        : Optional.empty();
            }
        });
    }

    /** Up to {@code limit} messages with {@code seq > after}, ascending. */
    @Override
    public List<StoredMessage> after(String room, long after, int limit) throws SQLException, InterruptedException {
        return read(r -> rows(r.after, room, after, limit));
    }

    /** The newest {@code limit} messages with {@code seq < before}, ascending. */
    @Override
    public List<StoredMessage> before(String room, long before, int limit) throws SQLException, InterruptedException {
        List<StoredMessage> newestFirst = read(r -> rows(r.before, room, before, limit));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static List<StoredMessage> rows(PreparedStatement s, String room, long bound, int limit)
            throws SQLException {
        s.setString(1, room);
        s.setLong(2, bound);
        s.setInt(3, limit);
        List<StoredMessage> out = new ArrayList<>(Math.min(limit, 256));
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredMessage(room, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getBoolean(7)));
            }
        }
        return out;
    }

    /** Transactions committed so far (each one fsync with {@link Durability#FULL}). */
    @Override
    public long commits() {
        return commits.sum();
    }

    /** Time spent in successful transactions so far (inserts, commit, fsync), in nanoseconds. */
    @Override
    public long commitNanos() {
        return commitNanos.sum();
    }

    /** Durations of the successful transactions (inserts, commit, fsync). */
    @Override
    public LatencyHistogram commitLatency() {
        return commitLatency;
    }

    /** Messages committed so far. */
    @Override
    public long committedMessages() {
        return committedMessages.sum();
    }

    /** Stops the writer after it committed everything already appended, then closes the file. */
    @Override
    public void close() throws SQLException, InterruptedException {
        if (!queue.isClosed()) {
            queue.close();
        }
        writerThread.join();
        SQLException failure = null;
        for (Reader r : allReaders) {
            try {
                r.connection.close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        insert.close();
        writer.close();
        rooms.close();
        if (failure != null) {
            throw failure;
        }
    }

    private interface Query<T> {
        T run(Reader r) throws SQLException;
    }

    private <T> T read(Query<T> q) throws SQLException, InterruptedException {
        Reader r = readers.take();
        try {
            return q.run(r);
        } finally {
            readers.add(r);
        }
    }

    /** Whether row {@code m} has a tombstone: one primary-key probe per row read. */
    private static final String DELETED =
            "EXISTS (SELECT 1 FROM tombstones t WHERE t.room = m.room AND t.seq = m.seq)";

    /** One read-only connection and its statements; used by one thread at a time (the pool). */
    private static final class Reader {
        final Connection connection;
        final PreparedStatement head;
        final PreparedStatement find;
        final PreparedStatement after;
        final PreparedStatement before;

        Reader(Connection c) throws SQLException {
            this.connection = c;
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only=1");
                s.execute("PRAGMA busy_timeout=10000");
            }
            head = c.prepareStatement("SELECT max(seq) FROM messages WHERE room = ?");
            find = c.prepareStatement("SELECT seq, text, time, recipient, " + DELETED + " FROM messages m "
                    + "WHERE room = ? AND sender = ? AND cid = ?");
            after = c.prepareStatement("SELECT seq, sender, cid, text, time, recipient, " + DELETED
                    + " FROM messages m WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?");
            before = c.prepareStatement("SELECT seq, sender, cid, text, time, recipient, " + DELETED
                    + " FROM messages m WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?");
        }
    }
}
