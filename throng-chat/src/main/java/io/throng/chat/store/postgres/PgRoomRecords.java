package io.throng.chat.store.postgres;

import io.throng.chat.store.RoomRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@link RoomRecords} in PostgreSQL, through the message log's pool: each write its own transaction
 * (autocommit unless it has two statements). A deletion needs no room lock: it changes a committed
 * row in place, and the row's own lock orders it against anything else touching that row.
 *
 * <p>Other nodes hear of changes through {@code NOTIFY throng_chat_records} ({@link RecordNotice}),
 * sent by {@link #announce} after the write committed, and the log's one LISTEN connection
 * ({@link PgListener}). Each instance has a random id that its notices carry, so it does not apply
 * its own changes twice.
 */
final class PgRoomRecords implements RoomRecords {
    private final DataSource pool;
    private final PgListener listener;
    private final String id = java.util.UUID.randomUUID().toString();

    PgRoomRecords(DataSource pool, PgListener listener) {
        this.pool = pool;
        this.listener = listener;
    }

    @Override
    public Loaded load(String room) throws SQLException {
        List<RoomRow> rooms = new ArrayList<>();
        List<RoleRow> roles = new ArrayList<>();
        List<SanctionRow> sanctions = new ArrayList<>();
        try (Connection c = pool.getConnection()) {
            // One snapshot for the three reads: a change committed between them must not half-show.
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement r = c.prepareStatement("SELECT name, private, created FROM rooms WHERE name = ?");
                 PreparedStatement o = c.prepareStatement("SELECT room, \"user\", role FROM room_roles WHERE room = ?");
                 PreparedStatement n = c.prepareStatement(
                         "SELECT room, \"user\", kind, until, \"by\" FROM sanctions WHERE room = ?")) {
                r.setString(1, room);
                o.setString(1, room);
                n.setString(1, room);
                try (ResultSet rs = r.executeQuery()) {
                    while (rs.next()) {
                        rooms.add(new RoomRow(rs.getString(1), rs.getBoolean(2), rs.getLong(3)));
                    }
                }
                try (ResultSet rs = o.executeQuery()) {
                    while (rs.next()) {
                        roles.add(new RoleRow(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
                try (ResultSet rs = n.executeQuery()) {
                    while (rs.next()) {
                        sanctions.add(new SanctionRow(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getLong(4), rs.getString(5)));
                    }
                }
                c.commit();
            } finally {
                c.rollback(); // nothing was written; ends the snapshot if a read failed
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        }
        return new Loaded(rooms, roles, sanctions);
    }

    @Override
    public void announce(Change change) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            p.setString(1, RecordNotice.CHANNEL);
            p.setString(2, new RecordNotice(id, change).payload());
            p.execute();
        }
    }

    @Override
    public void watch(java.util.function.Consumer<Change> watcher) {
        listener.addRecords(n -> {
            if (!n.origin().equals(id)) {
                watcher.accept(n.change());
            }
        });
    }

    @Override
    public Loaded load() throws SQLException {
        List<RoomRow> rooms = new ArrayList<>();
        List<RoleRow> roles = new ArrayList<>();
        List<SanctionRow> sanctions = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name, private, created FROM rooms")) {
                while (rs.next()) {
                    rooms.add(new RoomRow(rs.getString(1), rs.getBoolean(2), rs.getLong(3)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT room, \"user\", role FROM room_roles")) {
                while (rs.next()) {
                    roles.add(new RoleRow(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT room, \"user\", kind, until, \"by\" FROM sanctions")) {
                while (rs.next()) {
                    sanctions.add(new SanctionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5)));
                }
            }
        }
        return new Loaded(rooms, roles, sanctions);
    }

    @Override
    public void create(String room, boolean isPrivate, String owner, long now) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement r = c.prepareStatement("INSERT INTO rooms (name, private, created) VALUES (?, ?, ?)");
                 PreparedStatement o = c.prepareStatement(
                         "INSERT INTO room_roles (room, \"user\", role) VALUES (?, ?, 'owner')")) {
                r.setString(1, room);
                r.setBoolean(2, isPrivate);
                r.setLong(3, now);
                r.executeUpdate();
                o.setString(1, room);
                o.setString(2, owner);
                o.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    @Override
    public void setRole(String room, String user, String role) throws SQLException {
        if (role == null) {
            update("DELETE FROM room_roles WHERE room = ? AND \"user\" = ?", room, user);
        } else {
            update("INSERT INTO room_roles (room, \"user\", role) VALUES (?, ?, ?) "
                    + "ON CONFLICT (room, \"user\") DO UPDATE SET role = excluded.role", room, user, role);
        }
    }

    @Override
    public void sanction(SanctionRow s) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO sanctions (room, \"user\", kind, until, \"by\") VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (room, \"user\", kind) DO UPDATE SET until = excluded.until, \"by\" = excluded.\"by\"")) {
            p.setString(1, s.room());
            p.setString(2, s.user());
            p.setString(3, s.kind());
            p.setLong(4, s.until());
            p.setString(5, s.by());
            p.executeUpdate();
        }
    }

    @Override
    public void lift(String room, String user, String kind) throws SQLException {
        update("DELETE FROM sanctions WHERE room = ? AND \"user\" = ? AND kind = ?", room, user, kind);
    }

    @Override
    public boolean delete(String room, long seq, String deleter, long time) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement t = c.prepareStatement(
                    "INSERT INTO tombstones (room, seq, deleter, time) SELECT room, seq, ?, ? FROM messages "
                            + "WHERE room = ? AND seq = ? ON CONFLICT DO NOTHING");
                 PreparedStatement m = c.prepareStatement("UPDATE messages SET text = '' WHERE room = ? AND seq = ?")) {
                t.setString(1, deleter);
                t.setLong(2, time);
                t.setString(3, room);
                t.setLong(4, seq);
                boolean done = t.executeUpdate() == 1;
                if (done) {
                    m.setString(1, room);
                    m.setLong(2, seq);
                    m.executeUpdate();
                }
                c.commit();
                return done;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Kicks older than this are dropped: a node disconnected longer has long been reconnected or dead. */
    private static final long KICKS_KEPT_MS = 24 * 3600 * 1000L;

    @Override
    public void kicked(String room, String user, String by, long at) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO kicks (room, \"user\", \"by\", at) VALUES (?, ?, ?, ?)");
             PreparedStatement old = c.prepareStatement("DELETE FROM kicks WHERE at < ?")) {
            p.setString(1, room);
            p.setString(2, user);
            p.setString(3, by);
            p.setLong(4, at);
            p.executeUpdate();
            old.setLong(1, at - KICKS_KEPT_MS);
            old.executeUpdate();
        }
    }

    @Override
    public Mark mark() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT (SELECT coalesce(max(id), 0) FROM kicks), (SELECT coalesce(max(id), 0) FROM tombstones)")) {
            r.next();
            return new Mark(r.getLong(1), r.getLong(2));
        }
    }

    @Override
    public Since since(Mark from) throws SQLException {
        List<KickRow> kicks = new ArrayList<>();
        List<TombstoneRow> tombstones = new ArrayList<>();
        long kick = from.kick();
        long tombstone = from.tombstone();
        try (Connection c = pool.getConnection();
             PreparedStatement k = c.prepareStatement(
                     "SELECT id, room, \"user\", \"by\", at FROM kicks WHERE id > ? ORDER BY id");
             PreparedStatement t = c.prepareStatement(
                     "SELECT id, room, seq, deleter FROM tombstones WHERE id > ? ORDER BY id")) {
            k.setLong(1, kick);
            try (ResultSet r = k.executeQuery()) {
                while (r.next()) {
                    kicks.add(new KickRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5)));
                    kick = Math.max(kick, r.getLong(1));
                }
            }
            t.setLong(1, tombstone);
            try (ResultSet r = t.executeQuery()) {
                while (r.next()) {
                    tombstones.add(new TombstoneRow(r.getLong(1), r.getString(2), r.getLong(3), r.getString(4)));
                    tombstone = Math.max(tombstone, r.getLong(1));
                }
            }
        }
        return new Since(kicks, tombstones, new Mark(kick, tombstone));
    }

    private void update(String sql, String... args) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            p.executeUpdate();
        }
    }

    /** The pool is the message log's; it closes it. */
    @Override
    public void close() {}
}
