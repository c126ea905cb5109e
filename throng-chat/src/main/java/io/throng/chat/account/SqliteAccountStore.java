package io.throng.chat.account;

import io.throng.chat.service.Authenticator.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link AccountStore} in the chat's SQLite file, next to the history (created on first open, so an
 * older database gains the tables without a migration step). One connection, in WAL mode with a busy
 * timeout, so the server, its workers and {@code throng chat admin} can all use the file at once.
 */
final class SqliteAccountStore implements AccountStore {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS accounts (
              name     TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
              hash     TEXT    NOT NULL,
              created  INTEGER NOT NULL,
              disabled INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE IF NOT EXISTS account_sessions (
              id      TEXT    NOT NULL PRIMARY KEY,
              account TEXT    NOT NULL COLLATE NOCASE,
              created INTEGER NOT NULL,
              expires INTEGER NOT NULL,
              revoked INTEGER
            );
            CREATE INDEX IF NOT EXISTS account_sessions_account ON account_sessions (account);
            CREATE TABLE IF NOT EXISTS revocations (
              seq     INTEGER PRIMARY KEY AUTOINCREMENT,
              session TEXT    NOT NULL,
              time    INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS invites (
              id      TEXT    NOT NULL PRIMARY KEY,
              created INTEGER NOT NULL,
              expires INTEGER NOT NULL,
              used_by TEXT
            );
            """;

    private final Connection db;

    private SqliteAccountStore(Connection db) {
        this.db = db;
    }

    static SqliteAccountStore open(Path file) throws SQLException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the data directory for " + file, e);
        }
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA journal_mode=WAL");
            for (String ddl : SCHEMA.split(";")) {
                if (!ddl.isBlank()) {
                    s.execute(ddl);
                }
            }
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return new SqliteAccountStore(db);
    }

    @Override
    public synchronized Optional<Account> account(String name) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(
                "SELECT name, hash, created, disabled FROM accounts WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(account(r)) : Optional.empty();
            }
        }
    }

    @Override
    public synchronized List<Account> accounts() throws SQLException {
        List<Account> all = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT name, hash, created, disabled FROM accounts ORDER BY name")) {
            while (r.next()) {
                all.add(account(r));
            }
        }
        return all;
    }

    private static Account account(ResultSet r) throws SQLException {
        return new Account(r.getString(1), r.getString(2), r.getLong(3), r.getInt(4) != 0);
    }

    /** Creates an account, spending {@code inviteId} (if not null) in the same transaction. */
    @Override
    public synchronized Created create(String name, String hash, long now, String inviteId) throws SQLException {
        db.setAutoCommit(false);
        try {
            if (inviteId != null) {
                try (PreparedStatement p = db.prepareStatement(
                        "UPDATE invites SET used_by = ? WHERE id = ? AND used_by IS NULL AND expires > ?")) {
                    p.setString(1, name);
                    p.setString(2, inviteId);
                    p.setLong(3, now);
                    if (p.executeUpdate() != 1) {
                        db.rollback();
                        return Created.BAD_INVITE;
                    }
                }
            }
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO accounts (name, hash, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                p.setString(1, name);
                p.setString(2, hash);
                p.setLong(3, now);
                if (p.executeUpdate() != 1) {
                    db.rollback(); // the invite stays unspent
                    return Created.TAKEN;
                }
            }
            db.commit();
            return Created.OK;
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    @Override
    public synchronized boolean setHash(String name, String hash) throws SQLException {
        return update("UPDATE accounts SET hash = ? WHERE name = ?", hash, name) == 1;
    }

    @Override
    public synchronized boolean setDisabled(String name, boolean disabled) throws SQLException {
        return update("UPDATE accounts SET disabled = ? WHERE name = ?", disabled ? 1 : 0, name) == 1;
    }

    @Override
    public synchronized void addSession(String id, String account, long now, long expires) throws SQLException {
        update("INSERT INTO account_sessions (id, account, created, expires) VALUES (?, ?, ?, ?)",
                id, account, now, expires);
    }

    /** The valid session {@code id} at {@code now}: not expired, not revoked, its account not disabled. */
    @Override
    public synchronized Optional<Principal> principal(String id, long now) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("""
                SELECT a.name FROM account_sessions s JOIN accounts a ON a.name = s.account
                WHERE s.id = ? AND s.revoked IS NULL AND s.expires > ? AND a.disabled = 0""")) {
            p.setString(1, id);
            p.setLong(2, now);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Principal(r.getString(1), id)) : Optional.empty();
            }
        }
    }

    @Override
    public synchronized List<SessionRow> sessions(String account) throws SQLException {
        String sql = "SELECT id, account, created, expires, revoked FROM account_sessions"
                + (account == null ? "" : " WHERE account = ?") + " ORDER BY created";
        List<SessionRow> all = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(sql)) {
            if (account != null) {
                p.setString(1, account);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long revoked = r.getLong(5);
                    Long when = r.wasNull() ? null : revoked; // wasNull speaks of the last column read
                    all.add(new SessionRow(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), when));
                }
            }
        }
        return all;
    }

    /**
     * Revokes the unrevoked sessions {@code WHERE} the clause holds (one parameter, {@code arg}) and
     * records each in the revocations log that servers poll. Returns the ids revoked.
     */
    private List<String> revokeWhere(String clause, String arg, long now) throws SQLException {
        List<String> ids = new ArrayList<>();
        db.setAutoCommit(false);
        try {
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT id FROM account_sessions WHERE revoked IS NULL AND " + clause)) {
                p.setString(1, arg);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getString(1));
                    }
                }
            }
            try (PreparedStatement mark = db.prepareStatement("UPDATE account_sessions SET revoked = ? WHERE id = ?");
                 PreparedStatement log = db.prepareStatement("INSERT INTO revocations (session, time) VALUES (?, ?)")) {
                for (String id : ids) {
                    mark.setLong(1, now);
                    mark.setString(2, id);
                    mark.executeUpdate();
                    log.setString(1, id);
                    log.setLong(2, now);
                    log.executeUpdate();
                }
            }
            db.commit();
            return ids;
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    @Override
    public synchronized List<String> revokeSession(String id, long now) throws SQLException {
        return revokeWhere("id = ?", id, now);
    }

    /** Revokes the sessions whose id starts with {@code prefix} (what {@code admin sessions} shows). */
    @Override
    public synchronized List<String> revokeSessionPrefix(String prefix, long now) throws SQLException {
        return revokeWhere("substr(id, 1, " + prefix.length() + ") = ?", prefix, now);
    }

    @Override
    public synchronized List<String> revokeAccount(String account, long now) throws SQLException {
        return revokeWhere("account = ?", account, now);
    }

    @Override
    public synchronized long lastRevocation() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT max(seq) FROM revocations")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    @Override
    public synchronized Revocations revocationsAfter(long seq) throws SQLException {
        List<String> ids = new ArrayList<>();
        long last = seq;
        try (PreparedStatement p = db.prepareStatement(
                "SELECT seq, session FROM revocations WHERE seq > ? ORDER BY seq LIMIT 10000")) {
            p.setLong(1, seq);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    last = r.getLong(1);
                    ids.add(r.getString(2));
                }
            }
        }
        return new Revocations(ids, last);
    }

    @Override
    public synchronized void addInvite(String id, long now, long expires) throws SQLException {
        update("INSERT INTO invites (id, created, expires) VALUES (?, ?, ?)", id, now, expires);
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return p.executeUpdate();
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
