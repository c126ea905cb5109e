package io.throng.chat.account;

import io.throng.chat.store.postgres.PgCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Every test of {@link AccountsTest}, on PostgreSQL: one contract, two stores. */
class PgAccountsTest extends AccountsTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PgCluster pg;
    private String url;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PgCluster.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        url = pg.newDatabase("accounts" + DATABASES.incrementAndGet());
    }

    @Override
    Accounts openStore(Accounts.Options options) throws Exception {
        return Accounts.openPostgres(url, options, clock);
    }

    @Override
    boolean sqlite() {
        return false;
    }

    /** Every row of the account tables, as JSON text. */
    @Override
    String everythingStored() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String table : List.of("accounts", "account_sessions", "revocations", "invites")) {
                try (ResultSet r = s.executeQuery("SELECT row_to_json(t)::text FROM " + table + " t")) {
                    while (r.next()) {
                        all.append(r.getString(1)).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }
}
