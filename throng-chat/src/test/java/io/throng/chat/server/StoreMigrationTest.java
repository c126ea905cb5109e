package io.throng.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.account.AccountException;
import io.throng.chat.account.Accounts;
import io.throng.chat.account.PasswordHasher;
import io.throng.chat.account.Registration;
import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import io.throng.chat.store.MessageLog;
import io.throng.chat.store.RoomRecords;
import io.throng.chat.store.StoredMessage;
import io.throng.chat.store.postgres.PgCluster;
import io.throng.chat.store.postgres.PgMessageLog;
import io.throng.chat.store.postgres.PgUrl;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StoreMigration} from a chat made by the real SQLite stores into a real PostgreSQL: every
 * message, tombstone, room record, account, session, revocation and invite arrives; a session made on
 * SQLite is valid on PostgreSQL; a second run is refused and changes nothing.
 */
class StoreMigrationTest {
    private static final Accounts.Options CHEAP =
            Accounts.Options.defaults(Registration.INVITE).withHasher(new PasswordHasher(64, 1, 1));
    private static final InstantSource CLOCK = () -> Instant.ofEpochMilli(System.currentTimeMillis());

    @TempDir
    Path dir;

    @Test
    void aSqliteChatArrivesWholeAndASecondRunChangesNothing() throws Exception {
        Path file = dir.resolve("chat.db");
        RoomRecords.Loaded records;
        List<StoredMessage> lobby = new ArrayList<>();
        String keptToken;
        String revokedToken;
        String invite;
        try (ChatStore store = ChatStore.open(file, Durability.NORMAL, 1)) {
            for (int i = 1; i <= 2500; i++) { // more than one insert batch
                lobby.add(new StoredMessage("lobby", i, "u" + (i % 7), "c" + i, "message " + i, 1000L + i));
            }
            store.append(lobby).get();
            store.append(List.of(new StoredMessage("@alice:bob", 1, "alice", "d1", "psst", 5, "bob", false))).get();
            store.rooms().create("den", true, "alice", 10);
            store.rooms().setRole("den", "bob", "moderator");
            store.rooms().sanction(new RoomRecords.SanctionRow("den", "eve", "ban", Long.MAX_VALUE, "alice"));
            store.append(List.of(new StoredMessage("den", 1, "alice", "x1", "secret plan", 20))).get();
            assertTrue(store.rooms().delete("den", 1, "alice", 30));
            records = store.rooms().load();
        }
        try (Accounts accounts = Accounts.open(file, CHEAP, CLOCK)) {
            accounts.create("alice", "alice's password");
            accounts.create("Bob", "bob's password");
            keptToken = accounts.login("alice", "alice's password", "a").token();
            revokedToken = accounts.login("bob", "bob's password", "a").token();
            assertEquals(1, accounts.revokeAccount("bob"));
            invite = accounts.invite();
        }

        PgCluster pg = PgCluster.shared();
        String url = pg.newDatabase("migrated");
        StoreMigration.Counts counts = StoreMigration.migrate(dir, url);
        assertEquals(2502, counts.of("messages"));
        assertEquals(1, counts.of("tombstones"));
        assertEquals(1, counts.of("rooms"));
        assertEquals(2, counts.of("room_roles"));
        assertEquals(1, counts.of("sanctions"));
        assertEquals(2, counts.of("accounts"));
        assertEquals(2, counts.of("account_sessions"));
        assertEquals(1, counts.of("revocations"));
        assertEquals(1, counts.of("invites"));

        try (MessageLog log = PgMessageLog.open(PgUrl.parse(url), 2)) {
            assertEquals(lobby, log.after("lobby", 0, 10_000));
            assertEquals(2500, log.head("lobby"));
            assertEquals(new StoredMessage("@alice:bob", 1, "alice", "d1", "psst", 5, "bob", false),
                    log.find("@alice:bob", "alice", "d1").orElseThrow());
            assertEquals(List.of(new StoredMessage("den", 1, "alice", "x1", "", 20, null, true)), log.after("den", 0, 10));
            RoomRecords.Loaded moved = log.rooms().load();
            assertEquals(records.rooms(), moved.rooms());
            assertEquals(new HashSet<>(records.roles()), new HashSet<>(moved.roles()));
            assertEquals(records.sanctions(), moved.sanctions());
            // The log goes on after the copied history: the next message of the lobby is 2501.
            assertEquals(2501, log.append(List.of(new StoredMessage("lobby", 1, "u1", "new", "after", 9)))
                    .get().getFirst().message().seq());
        }
        try (Accounts accounts = Accounts.openPostgres(url, CHEAP, CLOCK)) {
            assertEquals("alice", accounts.authenticate(keptToken).orElseThrow().account(), "a SQLite session resumes");
            assertTrue(accounts.authenticate(revokedToken).isEmpty(), "a revoked one stays revoked");
            accounts.login("BOB", "bob's password", "a"); // names still compare without case
            assertEquals(1, accounts.lastRevocation());
            assertEquals(1, accounts.revokeAccount("bob"), "the revocation log continues after the copied one");
            assertEquals(2, accounts.lastRevocation());
            accounts.register("carol", "carol's password", invite, "a");
            assertThrows(AccountException.class, () -> accounts.register("dave", "dave's password", invite, "a"),
                    "the invite was copied unspent, and is spent once");
        }

        IllegalStateException again = assertThrows(IllegalStateException.class, () -> StoreMigration.migrate(dir, url));
        assertTrue(again.getMessage().contains("already holds chat data"), again.getMessage());
        try (MessageLog log = PgMessageLog.open(PgUrl.parse(url), 1)) {
            assertEquals(2501, log.head("lobby"), "the refused run wrote nothing");
        }
    }
}
