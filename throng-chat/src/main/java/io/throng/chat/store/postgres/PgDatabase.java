package io.throng.chat.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * One pool of connections to a chat's PostgreSQL database (HikariCP), its schema brought up to date
 * when opened. Every connection runs with {@code synchronous_commit} at least {@code on}: a commit
 * returns only once its WAL is flushed on the primary, and on the synchronous standbys if the server
 * names any, whatever weaker default the server, database or role has, because the chat acknowledges a
 * message only after its commit.
 */
public final class PgDatabase implements AutoCloseable {
    /**
     * How long a caller waits for a connection before its operation fails. Short: while the database
     * is down, a send must fail ({@code store_failed}) soon, not hang.
     */
    static final long CONNECTION_TIMEOUT_MS = 3_000;

    /** How long any statement may go unanswered before its connection is given up (see {@link #properties}). */
    static final long SOCKET_TIMEOUT_SECONDS = 10;

    /**
     * Raises {@code synchronous_commit} to {@code on} where the server's, database's or role's default is
     * weaker ({@code off}, {@code local}, {@code remote_write}); leaves {@code on} and {@code remote_apply}
     * (the stronger one an operator may choose) as they are.
     */
    static final String AT_LEAST_ON = "SELECT CASE WHEN current_setting('synchronous_commit') IN ('off', 'local', "
            + "'remote_write') THEN set_config('synchronous_commit', 'on', false) END";

    private final PgUrl url;
    private final HikariDataSource pool;

    private PgDatabase(PgUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /**
     * Opens a pool of at most {@code size} connections and runs the migrations. Fails if the database
     * cannot be reached within {@link #CONNECTION_TIMEOUT_MS}.
     */
    public static PgDatabase open(PgUrl url, int size, String name) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(1_000);
        config.setConnectionInitSql(AT_LEAST_ON);
        properties(config.getDataSourceProperties());
        // Fail at once (not after a pool timeout) if the database is not there at start.
        config.setInitializationFailTimeout(CONNECTION_TIMEOUT_MS);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
        }
        try (Connection c = pool.getConnection()) {
            Migrations.run(c);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PgDatabase(url, pool);
    }

    /** Driver settings of every connection, pooled or not. */
    private static void properties(Properties p) {
        p.setProperty("ApplicationName", "throng-chat");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("connectTimeout", "3"); // seconds
        p.setProperty("reWriteBatchedInserts", "true"); // a batch of inserts as multi-row INSERTs
        // A node cut off from the database inside an append's transaction leaves its backend idle in
        // that transaction, holding the room's advisory lock, until TCP gives up (hours): every other
        // node's appends to the room would wait that long. The server ends such a session after 5 s
        // (the lock goes with it; the cut-off node's commit fails, so it never acknowledges it).
        p.setProperty("options", "-c idle_in_transaction_session_timeout=5000");
        // The other side of that: a node cut off from the database (packets lost, no reset) would wait
        // for an answer for as long as TCP retransmits, and its senders with it. A statement unanswered
        // for this long fails, so the batch in flight is answered store_failed (never acknowledged: its
        // commit's fate is unknown, and a retry with the same cid is stored once either way), and the
        // next batches fail within the pool's connection timeout. Well above a healthy statement here:
        // an append waits for a room's lock at most one other commit, or the 5 s above.
        p.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT_SECONDS));
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * A connection outside the pool, for a session that lives as long as its user wants (LISTEN):
     * the pool retires connections after a while, and a pooled one would hold a slot forever.
     */
    Connection dedicated() throws SQLException {
        Properties p = new Properties();
        properties(p); // the socket timeout also bounds the listener's probe of a dead path
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    public PgUrl url() {
        return url;
    }

    @Override
    public void close() {
        pool.close();
    }
}
