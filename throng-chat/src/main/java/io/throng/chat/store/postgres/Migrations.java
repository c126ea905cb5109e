package io.throng.chat.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings a PostgreSQL database up to this version's schema: the numbered scripts in
 * {@code db/postgresql/} (resources of this module), each applied once, in order, recorded in
 * {@code schema_version}. All of it in one transaction under an advisory lock, so two nodes starting
 * together do not race (the second waits, then finds nothing left to do) and a failed script leaves
 * the database as it was. A database newer than this code (a version above the last script) is
 * refused rather than written with an old idea of the schema. See the package documentation for why
 * this and not Flyway.
 */
final class Migrations {
    /** The scripts, in order: V{n}__{what}.sql, n = 1, 2, 3... (a resource directory cannot be listed). */
    static final List<String> SCRIPTS = List.of("V1__messages.sql", "V2__rooms.sql", "V3__accounts.sql",
            "V4__repairs.sql");

    /** The advisory lock key of migrations ("throngmg"); room locks hash room names, a clash only waits. */
    private static final long LOCK = 0x7468726f6e676d67L;

    private Migrations() {}

    /** Applies what is missing; returns the schema version now in the database. */
    static int run(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, script text NOT NULL, "
                    + "applied timestamptz NOT NULL DEFAULT now())");
            int current;
            try (ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                r.next();
                current = r.getInt(1);
            }
            if (current > SCRIPTS.size()) {
                throw new SQLException("the database's schema is version " + current + ", newer than this Throng "
                        + "knows (" + SCRIPTS.size() + "): run a newer Throng");
            }
            for (int v = current + 1; v <= SCRIPTS.size(); v++) {
                String script = SCRIPTS.get(v - 1);
                if (!script.startsWith("V" + v + "__")) {
                    throw new IllegalStateException("migration " + script + " is not number " + v);
                }
                s.execute(read(script));
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
                    p.setInt(1, v);
                    p.setString(2, script);
                    p.executeUpdate();
                }
            }
            c.commit();
            return SCRIPTS.size();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static String read(String script) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/postgresql/" + script)) {
            if (in == null) {
                throw new SQLException("migration " + script + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read migration " + script, e);
        }
    }
}
