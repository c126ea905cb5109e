package io.throng.chat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.store.RoomRecords.RoleRow;
import io.throng.chat.store.RoomRecords.RoomRow;
import io.throng.chat.store.RoomRecords.SanctionRow;
import io.throng.chat.store.postgres.PgCluster;
import io.throng.chat.store.postgres.PgMessageLog;
import io.throng.chat.store.postgres.PgUrl;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link RoomRecords} contract, on both stores: each test runs on SQLite and on PostgreSQL. */
class RoomRecordsTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PgCluster pg;

    @TempDir
    Path dir;

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

    /** A fresh log of the kind named; {@code again} reopens the same one. */
    private MessageLog open(String kind, boolean again) throws Exception {
        if (kind.equals("sqlite")) {
            return ChatStore.open(dir.resolve("chat.db"), Durability.NORMAL, 1);
        }
        String name = "rooms" + (again ? DATABASES.get() : DATABASES.incrementAndGet());
        String url = again ? "jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + name + "?user=" + PgCluster.USER
                + "&password=" + pg.password() : pg.newDatabase(name);
        return PgMessageLog.open(PgUrl.parse(url), 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void roomsRolesAndSanctionsSurviveAReopen(String kind) throws Exception {
        try (MessageLog log = open(kind, false)) {
            RoomRecords r = log.rooms();
            r.create("den", true, "alice", 100);
            assertThrows(SQLException.class, () -> r.create("den", false, "mallory", 200), "the room exists");
            r.setRole("den", "bob", "member");
            r.setRole("den", "bob", "moderator"); // replaces
            r.setRole("den", "carol", "member");
            r.setRole("den", "carol", null); // removes
            r.sanction(new SanctionRow("den", "eve", "ban", Long.MAX_VALUE, "alice"));
            r.sanction(new SanctionRow("den", "eve", "mute", 5000, "bob"));
            r.sanction(new SanctionRow("den", "eve", "mute", 9000, "alice")); // replaces
            r.sanction(new SanctionRow("den", "dan", "mute", 7000, "bob"));
            r.lift("den", "dan", "mute");
        }
        try (MessageLog log = open(kind, true)) {
            RoomRecords.Loaded all = log.rooms().load();
            assertEquals(List.of(new RoomRow("den", true, 100)), all.rooms());
            assertEquals(new HashSet<>(List.of(new RoleRow("den", "alice", "owner"), new RoleRow("den", "bob", "moderator"))),
                    new HashSet<>(all.roles()));
            assertEquals(new HashSet<>(List.of(new SanctionRow("den", "eve", "ban", Long.MAX_VALUE, "alice"),
                    new SanctionRow("den", "eve", "mute", 9000, "alice"))), new HashSet<>(all.sanctions()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aDeletedMessageKeepsItsPlaceLosesItsTextOnce(String kind) throws Exception {
        try (MessageLog log = open(kind, false)) {
            log.append(List.of(new StoredMessage("den", 1, "alice", "c1", "keep", 1),
                    new StoredMessage("den", 2, "alice", "c2", "regret", 2))).get();
            assertTrue(log.rooms().delete("den", 2, "bob", 50));
            assertFalse(log.rooms().delete("den", 2, "bob", 60), "deleted already");
            assertFalse(log.rooms().delete("den", 3, "bob", 60), "no such message");
            assertEquals(List.of(new StoredMessage("den", 1, "alice", "c1", "keep", 1),
                    new StoredMessage("den", 2, "alice", "c2", "", 2, null, true)), log.after("den", 0, 10));
            assertEquals(new StoredMessage("den", 2, "alice", "c2", "", 2, null, true),
                    log.find("den", "alice", "c2").orElseThrow());
            assertEquals(2, log.head("den"), "the place stays: the next message is 3");
        }
    }
}
