package io.throng.chat.account;

import io.throng.chat.service.Authenticator.Principal;
import io.throng.chat.store.postgres.PgDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link AccountStore} in PostgreSQL, shared by every node of a chat (tables from the migration
 * {@code V3__accounts.sql}). Names compare through {@code lower(name)}, as SQLite's
 * {@code COLLATE NOCASE} does. Revocations are logged under an advisory lock held to the commit, so
 * their {@code seq}s become visible in order and a poller that has read up to N never misses a
 * smaller one committed later (an identity column alone hands out numbers at insert, not at commit).
 */
final class PgAccountStore implements AccountStore {
    /** The advisory lock key of the revocation log ("throngrv"). */
    private static final long REVOCATIONS_LOCK = 0x7468726f6e677276L;

    private final PgDatabase db;

    PgAccountStore(PgDatabase db) {
        this.db = db;
    }

    private Connection connection() throws SQLException {
        return db.dataSource().getConnection();
    }

    @Override
    public Optional<Account> account(String name) throws SQLException {
        try (Connection c = connection(); PreparedStatement p = c.prepareStatement(
                "SELECT name, hash, created, disabled FROM accounts WHERE lower(name) = lower(?)")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(account(r)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Account> accounts() throws SQLException {
        List<Account> all = new ArrayList<>();
        try (Connection c = connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name, hash, created, disabled FROM accounts ORDER BY lower(name)")) {
            while (r.next()) {
                all.add(account(r));
            }
        }
        return all;
    }

    private static Account account(ResultSet r) throws SQLException {
        return new Account(r.getString(1), r.getString(2), r.getLong(3), r.getBoolean(4));
    }

    @Override
    public Created create(String name, String hash, long now, String inviteId) throws SQLException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                if (inviteId != null) {
                    try (PreparedStatement p = c.prepareStatement(
                            "UPDATE invites SET used_by = ? WHERE id = ? AND used_by IS NULL AND expires > ?")) {
                        p.setString(1, name);
                        p.setString(2, inviteId);
                        p.setLong(3, now);
                        if (p.executeUpdate() != 1) {
                            c.rollback();
                            return Created.BAD_INVITE;
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO accounts (name, hash, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    p.setString(1, name);
                    p.setString(2, hash);
                    p.setLong(3, now);
                    if (p.executeUpdate() != 1) {
                        c.rollback(); // the invite stays unspent
                        return Created.TAKEN;
                    }
                }
                c.commit();
                return Created.OK;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    @Override
    public boolean setHash(String name, String hash) throws SQLException {
        return update("UPDATE accounts SET hash = ? WHERE lower(name) = lower(?)", hash, name) == 1;
    }

    @Override
    public boolean setDisabled(String name, boolean disabled) throws SQLException {
        return update("UPDATE accounts SET disabled = ? WHERE lower(name) = lower(?)", disabled, name) == 1;
    }

    @Override
    public void addSession(String id, String account, long now, long expires) throws SQLException {
        update("INSERT INTO account_sessions (id, account, created, expires) VALUES (?, ?, ?, ?)",
                id, account, now, expires);
    }

    @Override
    public Optional<Principal> principal(String id, long now) throws SQLException {
        try (Connection c = connection(); PreparedStatement p = c.prepareStatement("""
                SELECT a.name FROM account_sessions s JOIN accounts a ON lower(a.name) = lower(s.account)
                WHERE s.id = ? AND s.revoked IS NULL AND s.expires > ? AND NOT a.disabled""")) {
            p.setString(1, id);
            p.setLong(2, now);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Principal(r.getString(1), id)) : Optional.empty();
            }
        }
    }

    @Override
    public List<SessionRow> sessions(String account) throws SQLException {
        String sql = "SELECT id, account, created, expires, revoked FROM account_sessions"
                + (account == null ? "" : " WHERE lower(account) = lower(?)") + " ORDER BY created, id";
        List<SessionRow> all = new ArrayList<>();
        try (Connection c = connection(); PreparedStatement p = c.prepareStatement(sql)) {
            if (account != null) {
                p.setString(1, account);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long revoked = r.getLong(5);
                    Long when = r.wasNull() ? null : revoked;
                    all.add(new SessionRow(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), when));
                }
            }
        }
        return all;
    }

    /** Revokes the unrevoked sessions where {@code clause} holds for {@code arg}, and logs each. */
    private List<String> revokeWhere(String clause, String arg, long now) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + REVOCATIONS_LOCK + ")");
                }
                try (PreparedStatement p = c.prepareStatement("UPDATE account_sessions SET revoked = ? "
                        + "WHERE revoked IS NULL AND " + clause + " RETURNING id")) {
                    p.setLong(1, now);
                    p.setString(2, arg);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            ids.add(r.getString(1));
                        }
                    }
                }
                try (PreparedStatement log = c.prepareStatement("INSERT INTO revocations (session, time) VALUES (?, ?)")) {
                    for (String id : ids) {
                        log.setString(1, id);
                        log.setLong(2, now);
                        log.addBatch();
                    }
                    log.executeBatch();
                }
                c.commit();
                return ids;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    @Override
    public List<String> revokeSession(String id, long now) throws SQLException {
        return revokeWhere("id = ?", id, now);
    }

    @Override
    public List<String> revokeSessionPrefix(String prefix, long now) throws SQLException {
        return revokeWhere("left(id, " + prefix.length() + ") = ?", prefix, now);
    }

    @Override
    public List<String> revokeAccount(String account, long now) throws SQLException {
        return revokeWhere("lower(account) = lower(?)", account, now);
    }

    @Override
    public long lastRevocation() throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(max(seq), 0) FROM revocations")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    @Override
    public Revocations revocationsAfter(long seq) throws SQLException {
        List<String> ids = new ArrayList<>();
        long last = seq;
        try (Connection c = connection(); PreparedStatement p = c.prepareStatement(
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
    public void addInvite(String id, long now, long expires) throws SQLException {
        update("INSERT INTO invites (id, created, expires) VALUES (?, ?, ?)", id, now, expires);
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = connection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return p.executeUpdate();
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
