package io.throng.chat.server;

import io.throng.chat.account.Accounts;
import io.throng.chat.store.ChatStore;
import io.throng.chat.store.MessageLog;
import io.throng.chat.store.postgres.PgMessageLog;
import io.throng.chat.store.postgres.PgUrl;
import java.sql.SQLException;
import java.time.InstantSource;

/**
 * Where the durable state is, chosen from {@link ChatServerOptions#store}: the one place that knows
 * the two stores. SQLite (no {@code store}): the history and the accounts in the one file
 * {@code database}. PostgreSQL: both in the database the URL names, each on a pool of its own (so
 * either closes without the other, and a worker opens only the accounts).
 */
final class Stores {
    private Stores() {}

    static MessageLog log(ChatServerOptions options) throws SQLException {
        return options.postgres() ? PgMessageLog.open(PgUrl.parse(options.store()))
                : ChatStore.open(options.database(), options.durability());
    }

    static Accounts accounts(ChatServerOptions options) throws SQLException {
        return options.postgres()
                ? Accounts.openPostgres(options.store(), options.accounts(), InstantSource.system())
                : Accounts.open(options.database(), options.accounts(), InstantSource.system());
    }

    /** What the start-up line says about the store. */
    static String summary(ChatServerOptions options) {
        return options.postgres() ? "history in PostgreSQL " + options.storeShown() : "history in " + options.storeShown();
    }
}
