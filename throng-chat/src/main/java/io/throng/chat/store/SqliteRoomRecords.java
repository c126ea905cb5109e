package io.throng.chat.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link RoomRecords} in the chat's SQLite file. These writes are rare (a moderator's action), so they
 * go through this one connection, synchronously, beside the message writer; SQLite serialises the two
 * writers and the busy timeout absorbs the wait.
 */
final class SqliteRoomRecords implements RoomRecords {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS rooms (
              name    TEXT    PRIMARY KEY,
              private INTEGER NOT NULL,
              created INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS room_roles (
              room TEXT NOT NULL,
              user TEXT NOT NULL,
              role TEXT NOT NULL CHECK (role IN ('owner', 'moderator', 'member')),
              PRIMARY KEY (room, user)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS sanctions (
              room  TEXT    NOT NULL,
              user  TEXT    NOT NULL,
              kind  TEXT    NOT NULL CHECK (kind IN ('ban', 'mute')),
              until INTEGER NOT NULL,
              by    TEXT    NOT NULL,
              PRIMARY KEY (room, user, kind)
            ) WITHOUT ROWID
            """;

    private final Connection c;

    SqliteRoomRecords(Connection c) throws SQLException {
        this.c = c;
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            // A deleted message's text must not linger in free pages of the file.
            s.execute("PRAGMA secure_delete=ON");
            for (String ddl : SCHEMA.split(";")) {
                if (!ddl.isBlank()) {
                    s.execute(ddl);
                }
            }
        }
    }

    @Override
    public synchronized Loaded load() throws SQLException {
        List<RoomRow> rooms = new ArrayList<>();
        List<RoleRow> roles = new ArrayList<>();
        List<SanctionRow> sanctions = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name, private, created FROM rooms")) {
                while (rs.next()) {
                    rooms.add(new RoomRow(rs.getString(1), rs.getBoolean(2), rs.getLong(3)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT room, user, role FROM room_roles")) {
                while (rs.next()) {
                    roles.add(new RoleRow(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT room, user, kind, until, by FROM sanctions")) {
                while (rs.next()) {
                    sanctions.add(new SanctionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5)));
                }
            }
        }
        return new Loaded(rooms, roles, sanctions);
    }

    /** Creates a room with its owner, in one transaction. Fails (constraint) if the room exists. */
    @Override
    public synchronized void create(String room, boolean isPrivate, String owner, long now) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement r = c.prepareStatement("INSERT INTO rooms (name, private, created) VALUES (?, ?, ?)");
             PreparedStatement o = c.prepareStatement("INSERT INTO room_roles (room, user, role) VALUES (?, ?, 'owner')")) {
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

    /** Sets {@code user}'s role in {@code room}; a null role removes it. */
    @Override
    public synchronized void setRole(String room, String user, String role) throws SQLException {
        if (role == null) {
            update("DELETE FROM room_roles WHERE room = ? AND user = ?", room, user);
        } else {
            update("INSERT OR REPLACE INTO room_roles (room, user, role) VALUES (?, ?, ?)", room, user, role);
        }
    }

    @Override
    public synchronized void sanction(SanctionRow s) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT OR REPLACE INTO sanctions (room, user, kind, until, by) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, s.room());
            p.setString(2, s.user());
            p.setString(3, s.kind());
            p.setLong(4, s.until());
            p.setString(5, s.by());
            p.executeUpdate();
        }
    }

    @Override
    public synchronized void lift(String room, String user, String kind) throws SQLException {
        update("DELETE FROM sanctions WHERE room = ? AND user = ? AND kind = ?", room, user, kind);
    }

    /**
     * Deletes message {@code seq} of {@code room}: its text is erased and a tombstone records who and
     * when. Returns false if there is no such message (or it was deleted already).
     */
    @Override
    public synchronized boolean delete(String room, long seq, String deleter, long time) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement t = c.prepareStatement(
                "INSERT OR IGNORE INTO tombstones (room, seq, deleter, time) "
                        + "SELECT room, seq, ?, ? FROM messages WHERE room = ? AND seq = ?");
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

    private void update(String sql, String... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            p.executeUpdate();
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        c.close();
    }
}
