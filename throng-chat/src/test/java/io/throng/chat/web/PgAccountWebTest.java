package io.throng.chat.web;

import io.throng.chat.account.Accounts;
import io.throng.chat.server.ChatServerOptions;
import io.throng.chat.store.postgres.PgCluster;
import java.time.InstantSource;

/**
 * Every test of {@link AccountWebTest} on a whole server whose store is PostgreSQL: registration,
 * login, cookies, WebSocket sessions, logout and revocation from another process, with accounts and
 * sessions in the database.
 */
class PgAccountWebTest extends AccountWebTest {
    private String url;

    @Override
    ChatServerOptions serverOptions(ChatServerOptions defaults) {
        try {
            url = PgCluster.sharedDatabase();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return super.serverOptions(defaults).withStore(url);
    }

    @Override
    Accounts adminProcessAccounts() throws Exception {
        return Accounts.openPostgres(url, server.accounts().options(), InstantSource.system());
    }
}
