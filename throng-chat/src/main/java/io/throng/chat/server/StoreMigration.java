package io.throng.chat.server;

import io.throng.chat.store.postgres.PgDatabase;
import io.throng.chat.store.postgres.PgUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code throng chat migrate}: copies a chat's SQLite file (history, tombstones, rooms, roles,
 * sanctions, accounts, sessions, the revocation log, invites) into a PostgreSQL database, whose
 * schema is made first by the same migrations a server runs. All in one PostgreSQL transaction: a
 * failed copy leaves the target as it was, so running it again is safe. The target must hold no chat
 * data yet (refused with what it holds): merging two histories would renumber one of them. Stop the
 * SQLite chat first, or what it writes during the copy is not copied.
 */
public final class StoreMigration {
    /** Rows copied, by table, in copy order. */
    public record Counts(Map<String, Long> rows) {
        public long of(String table) {
            return rows.getOrDefault(table, 0L);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            rows.forEach((t, n) -> b.append(b.isEmpty() ? "" : ", ").append(n).append(' ').append(t));
            return b.toString();
        }
    }

    /** A table to copy: its columns (quoted where PostgreSQL reserves the name) and which are booleans. */
    private record Table(String name, List<String> columns, Set<String> booleans) {}

    private static final List<Table> TABLES = List.of(
            new Table("messages", List.of("room", "seq", "sender", "cid", "text", "time", "recipient"), Set.of()),
            new Table("tombstones", List.of("room", "seq", "deleter", "time"), Set.of()),
            new Table("rooms", List.of("name", "private", "created"), Set.of("private")),
            new Table("room_roles", List.of("room", "user", "role"), Set.of()),
            new Table("sanctions", List.of("room", "user", "kind", "until", "by"), Set.of()),
            new Table("accounts", List.of("name", "hash", "created", "disabled"), Set.of("disabled")),
            new Table("account_sessions", List.of("id", "account", "created", "expires", "revoked"), Set.of()),
            new Table("revocations", List.of("seq", "session", "time"), Set.of()),
            new Table("invites", List.of("id", "created", "expires", "used_by"), Set.of()));

    private StoreMigration() {}

    /**
     * Copies {@code dataDir/chat.db} into the PostgreSQL database at {@code url}.
     *
     * @throws IllegalStateException if the source is missing or the target already holds chat data
     */
    public static Counts migrate(Path dataDir, String url) throws SQLException {
        Path file = dataDir.resolve("chat.db");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no chat history at " + file.toAbsolutePath() + " (--from is the data "
                    + "directory that holds chat.db)");
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: the source is only read
        try (Connection from = DriverManager.getConnection("jdbc:sqlite:" + file, readOnly);
             PgDatabase db = PgDatabase.open(PgUrl.parse(url), 1, "chat-migrate");
             Connection to = db.dataSource().getConnection()) {
            to.setAutoCommit(false);
            try {
                refuseNonEmpty(to);
                Map<String, Long> counts = new LinkedHashMap<>();
                for (Table t : TABLES) {
                    counts.put(t.name(), copy(from, to, t));
                }
                try (Statement s = to.createStatement()) {
                    s.execute("INSERT INTO room_heads (room, head) SELECT room, max(seq) FROM messages GROUP BY room");
                    // The log's next seq continues after the copied ones.
                    s.execute("SELECT setval(pg_get_serial_sequence('revocations', 'seq'), "
                            + "coalesce((SELECT max(seq) FROM revocations), 0) + 1, false)");
                }
                to.commit();
                return new Counts(counts);
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            }
        }
    }

    private static void refuseNonEmpty(Connection to) throws SQLException {
        List<String> held = new ArrayList<>();
        try (Statement s = to.createStatement()) {
            for (Table t : TABLES) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + t.name())) {
                    r.next();
                    if (r.getLong(1) > 0) {
                        held.add(r.getLong(1) + " " + t.name());
                    }
                }
            }
        }
        if (!held.isEmpty()) {
            throw new IllegalStateException("the target database already holds chat data (" + String.join(", ", held)
                    + "); migrate copies into an empty one only, so that no room is numbered twice");
        }
    }

    /** Copies the columns of {@code t} the source has (an older file may lack some); returns the rows. */
    private static long copy(Connection from, Connection to, Table t) throws SQLException {
        Set<String> present = new HashSet<>();
        try (Statement s = from.createStatement();
             ResultSet r = s.executeQuery("SELECT name FROM pragma_table_info('" + t.name() + "')")) {
            while (r.next()) {
                present.add(r.getString(1));
            }
        }
        if (present.isEmpty()) {
            return 0; // the table was never made in this file (e.g. no account was ever created)
        }
        List<String> columns = t.columns().stream().filter(present::contains).toList();
        String quoted = String.join(", ", columns.stream().map(c -> "\"" + c + "\"").toList());
        String marks = String.join(", ", columns.stream().map(c -> "?").toList());
        String insert = "INSERT INTO " + t.name() + " (" + quoted + ")"
                + (t.name().equals("revocations") ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES (" + marks + ")";
        long n = 0;
        try (Statement s = from.createStatement();
             ResultSet r = s.executeQuery("SELECT " + quoted + " FROM " + t.name());
             PreparedStatement p = to.prepareStatement(insert)) {
            while (r.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    Object v = r.getObject(i + 1);
                    if (t.booleans().contains(columns.get(i)) && v instanceof Number num) {
                        v = num.longValue() != 0;
                    }
                    p.setObject(i + 1, v);
                }
                p.addBatch();
                if (++n % 1000 == 0) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
        return n;
    }
}
