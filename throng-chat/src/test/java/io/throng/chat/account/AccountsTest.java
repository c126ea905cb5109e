package io.throng.chat.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import io.throng.chat.store.StoredMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {
    /** Cheap parameters: these tests check behaviour, not cost (bench/ measures that). */
    static final PasswordHasher CHEAP = new PasswordHasher(64, 1, 1);

    @TempDir
    Path dir;

    final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    Accounts accounts;

    Accounts open(Registration registration) throws Exception {
        accounts = openStore(Accounts.Options.defaults(registration).withHasher(CHEAP));
        return accounts;
    }

    /** The store under test, opened with {@code options}: the chat's SQLite file here (PgAccountsTest: PostgreSQL). */
    Accounts openStore(Accounts.Options options) throws Exception {
        return Accounts.open(dir.resolve("chat.db"), options, clock);
    }

    /** Whether the store is the SQLite file (some tests are about that file). */
    boolean sqlite() {
        return true;
    }

    /** Everything the store holds, as text a secret could be found in: the file and its WAL here. */
    String everythingStored() throws Exception {
        return new String(java.nio.file.Files.readAllBytes(dir.resolve("chat.db")), java.nio.charset.StandardCharsets.ISO_8859_1)
                + readWal();
    }

    @AfterEach
    void close() throws Exception {
        if (accounts != null) {
            accounts.close();
        }
    }

    @Test
    void aNameWithoutItsPasswordGetsNothing() throws Exception {
        open(Registration.OPEN).register("bob", "bob's long password", null, "10.0.0.1");
        AccountException wrong = assertThrows(AccountException.class,
                () -> accounts.login("bob", "guess-guess", "10.0.0.2"));
        AccountException caseTwin = assertThrows(AccountException.class,
                () -> accounts.register("BOB", "another password", null, "10.0.0.2"));
        assertEquals(AccountException.Kind.UNAUTHORIZED, wrong.kind());
        assertEquals(AccountException.Kind.TAKEN, caseTwin.kind(), "names are unique whatever their case");
        assertTrue(accounts.authenticate("x".repeat(Tokens.LENGTH)).isEmpty());
        assertTrue(accounts.authenticate(null).isEmpty());
    }

    @Test
    void unknownAndKnownNamesFailAlike() throws Exception {
        open(Registration.OPEN).register("alice", "correct horse", null, "a");
        AccountException known = assertThrows(AccountException.class, () -> accounts.login("alice", "wrong pass", "b"));
        AccountException unknown = assertThrows(AccountException.class, () -> accounts.login("mallory", "wrong pass", "b"));
        assertEquals(known.kind(), unknown.kind());
        assertEquals(known.getMessage(), unknown.getMessage());
    }

    @Test
    void guessingOneAccountIsSlowedWithGrowingDelays() throws Exception {
        open(Registration.OPEN).register("carol", "carol's password", null, "a");
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 0; attempt < 9; attempt++) {
            AccountException e = assertThrows(AccountException.class,
                    () -> accounts.login("carol", "not it at all", "addr-" + System.nanoTime()));
            if (e.kind() == AccountException.Kind.THROTTLED) {
                waits.add(e.retryAfter());
                now.addAndGet(e.retryAfter().toMillis()); // a patient attacker waits, then guesses again
                assertThrows(AccountException.class, () -> accounts.login("carol", "not it at all", "z"));
            }
        }
        assertFalse(waits.isEmpty(), "after 5 failures, attempts must wait");
        for (int i = 1; i < waits.size(); i++) {
            assertTrue(waits.get(i).compareTo(waits.get(i - 1)) > 0, "delays grow: " + waits);
        }
        // Even the right password waits its turn while throttled.
        AccountException held = assertThrows(AccountException.class,
                () -> accounts.login("carol", "carol's password", "fresh"));
        assertEquals(AccountException.Kind.THROTTLED, held.kind());
    }

    @Test
    void oneAddressSprayingManyNamesIsSlowed() throws Exception {
        open(Registration.OPEN);
        AccountException last = null;
        for (int i = 0; i < 30 && last == null; i++) {
            try {
                accounts.login("user" + i, "whatever1", "203.0.113.9");
            } catch (AccountException e) {
                if (e.kind() == AccountException.Kind.THROTTLED) {
                    last = e;
                }
            }
        }
        assertTrue(last != null, "an address failing on many names must be throttled");
        // Another address is not.
        AccountException other = assertThrows(AccountException.class, () -> accounts.login("user0", "whatever1", "198.51.100.1"));
        assertEquals(AccountException.Kind.UNAUTHORIZED, other.kind());
    }

    @Test
    void excessHashingIsRefusedAtOnceWith429() throws Exception {
        accounts = openStore(Accounts.Options.defaults(Registration.OPEN)
                .withHasher(new PasswordHasher(64 * 1024, 3, 1)).withHashingSlots(1));
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        Set<AccountException.Kind> kinds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Long> busyNanos = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            all.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    long t0 = System.nanoTime();
                    try {
                        accounts.login("flood" + n, "password" + n, "a" + n);
                    } catch (AccountException e) {
                        kinds.add(e.kind());
                        if (e.kind() == AccountException.Kind.BUSY) {
                            busyNanos.add(System.nanoTime() - t0);
                            assertEquals(Duration.ofSeconds(1), e.retryAfter());
                        }
                    }
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Thread t : all) {
            t.join();
        }
        assertTrue(kinds.contains(AccountException.Kind.BUSY), "with one slot, concurrent logins are refused: " + kinds);
        assertTrue(kinds.contains(AccountException.Kind.UNAUTHORIZED), "one of them was checked: " + kinds);
    }

    @Test
    void tokensAre256RandomBitsAndOnlyTheirDigestIsStored() throws Exception {
        open(Registration.OPEN);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = Tokens.generate();
            assertEquals(43, t.length());
            assertTrue(Tokens.wellFormed(t));
            assertTrue(seen.add(t));
        }
        Accounts.Login login = accounts.register("dave", "dave's password", null, "a");
        assertTrue(accounts.authenticate(login.token()).isPresent());
        String file = everythingStored();
        assertFalse(file.contains(login.token()), "the token is not in the database");
        assertFalse(file.contains("dave's password"), "the password is not in the database");
        assertFalse(login.toString().contains(login.token()));
    }

    private String readWal() throws Exception {
        Path wal = dir.resolve("chat.db-wal");
        return java.nio.file.Files.exists(wal)
                ? new String(java.nio.file.Files.readAllBytes(wal), java.nio.charset.StandardCharsets.ISO_8859_1) : "";
    }

    @Test
    void invitesAreSingleUseAndRequiredInInviteMode() throws Exception {
        open(Registration.INVITE);
        assertEquals(AccountException.Kind.FORBIDDEN, assertThrows(AccountException.class,
                () -> accounts.register("erin", "erin's password", null, "a")).kind());
        String invite = accounts.invite();
        accounts.register("erin", "erin's password", invite, "a");
        assertEquals(AccountException.Kind.FORBIDDEN, assertThrows(AccountException.class,
                () -> accounts.register("frank", "frank's password", invite, "a")).kind());
        String another = accounts.invite();
        assertEquals(AccountException.Kind.TAKEN, assertThrows(AccountException.class,
                () -> accounts.register("ERIN", "x-password", another, "a")).kind());
        accounts.register("frank", "frank's password", another, "a"); // a refused registration spends no invite
    }

    @Test
    void closedRegistrationRefusesButAdminCreates() throws Exception {
        open(Registration.CLOSED);
        assertEquals(AccountException.Kind.FORBIDDEN, assertThrows(AccountException.class,
                () -> accounts.register("gina", "gina's password", null, "a")).kind());
        accounts.create("gina", "gina's password");
        assertEquals("gina", accounts.authenticate(accounts.login("gina", "gina's password", "a").token())
                .orElseThrow().account());
    }

    @Test
    void logoutPasswordChangeDisableAndExpiryEndSessions() throws Exception {
        open(Registration.OPEN);
        List<String> revoked = new java.util.concurrent.CopyOnWriteArrayList<>();
        accounts.onRevoked(revoked::addAll);
        Accounts.Login a = accounts.register("hank", "hank's password", null, "a");
        Accounts.Login b = accounts.login("hank", "hank's password", "a");
        accounts.logout(a.token());
        assertTrue(accounts.authenticate(a.token()).isEmpty());
        var listed = accounts.sessions("hank");
        assertEquals(2, listed.size());
        assertEquals(Tokens.digest(a.token()).substring(0, 16), listed.stream().filter(Accounts.SessionInfo::revoked)
                .findFirst().orElseThrow().id(), "the admin's list shows which one was revoked: " + listed);
        assertEquals(1, listed.stream().filter(s -> !s.revoked()).count(), "and that the other is not");
        assertTrue(accounts.authenticate(b.token()).isPresent());
        assertEquals(List.of(Tokens.digest(a.token())), revoked);

        Accounts.Login c = accounts.changePassword(b.token(), "hank's password", "a new password", "a");
        assertTrue(accounts.authenticate(b.token()).isEmpty(), "a password change ends the old sessions");
        assertTrue(accounts.authenticate(c.token()).isPresent());
        assertThrows(AccountException.class, () -> accounts.login("hank", "hank's password", "a"));

        long position = 0;
        Accounts.Revoked log = accounts.revokedAfter(position);
        assertTrue(log.sessions().contains(Tokens.digest(b.token())));

        accounts.setDisabled("hank", true);
        assertTrue(accounts.authenticate(c.token()).isEmpty());
        accounts.setDisabled("hank", false);
        Accounts.Login d = accounts.login("hank", "a new password", "a");
        now.addAndGet(Duration.ofDays(31).toMillis());
        assertTrue(accounts.authenticate(d.token()).isEmpty(), "sessions expire");
    }

    @Test
    void anExistingHistoryDatabaseGainsAccounts() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(sqlite(), "about the SQLite file; PostgreSQL has migrations");
        Path file = dir.resolve("chat.db");
        try (ChatStore store = ChatStore.open(file, Durability.NORMAL)) {
            store.append(List.of(new StoredMessage("lobby", 1, "old", "c1", "before accounts", 1))).get();
        }
        open(Registration.OPEN).register("ivan", "ivan's password", null, "a");
        try (ChatStore store = ChatStore.open(file, Durability.NORMAL)) {
            assertEquals("before accounts", store.after("lobby", 0, 10).getFirst().text());
        }
    }

    @Test
    void aLoginRehashesAHashMadeWithOtherParameters() throws Exception {
        try (Accounts old = openStore(Accounts.Options.defaults(Registration.OPEN)
                .withHasher(new PasswordHasher(32, 1, 1)))) {
            old.create("jane", "jane's password");
        }
        open(Registration.OPEN).login("jane", "jane's password", "a");   // the server's parameters: CHEAP, m=64
        accounts.close();
        accounts = null;
        String db = everythingStored();
        assertTrue(db.contains("$argon2id$v=19$m=64,t=1,p=1$"), "rehashed with the server's parameters");
    }

    @Test
    void phcStringsCarryTheirParameters() {
        String phc = CHEAP.hash("pw-pw-pw-pw");
        assertTrue(phc.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), phc);
        assertTrue(PasswordHasher.verify("pw-pw-pw-pw", phc));
        assertFalse(PasswordHasher.verify("pw-pw-pw-pX", phc));
        assertFalse(PasswordHasher.verify("pw-pw-pw-pw", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA"));
        assertFalse(PasswordHasher.verify("pw", "garbage"));
        assertTrue(PasswordHasher.owasp().outdated(phc));
        assertNotEquals(phc, CHEAP.hash("pw-pw-pw-pw"), "salted");
    }
}
