package io.throng.chat.account;

import io.throng.chat.account.AccountException.Kind;
import io.throng.chat.protocol.Names;
import io.throng.chat.service.Authenticator;
import io.throng.chat.store.postgres.PgDatabase;
import io.throng.chat.store.postgres.PgUrl;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Accounts and their sessions: registration, login, logout, password change, the administrator's
 * operations, and {@link #authenticate} for the chat protocol's version 2. See the package
 * documentation for the security argument. Thread-safe; every process of a server (single, master,
 * each worker) and {@code throng chat admin} open their own on the same file.
 */
public final class Accounts implements Authenticator, AutoCloseable {
    /** Longest password accepted: refused before hashing, so a huge one cannot cost more. */
    public static final int MAX_PASSWORD = 256;
    public static final int MIN_PASSWORD = 8;

    /**
     * @param registration  who may register through the page
     * @param hasher        Argon2id parameters for new hashes
     * @param sessionTtl    how long a login lasts
     * @param hashingSlots  Argon2 computations at once; more are refused at once (429)
     * @param inviteTtl     how long an invite can be used
     */
    public record Options(Registration registration, PasswordHasher hasher, Duration sessionTtl, int hashingSlots,
                          Duration inviteTtl) {
        public Options {
            Objects.requireNonNull(registration);
            Objects.requireNonNull(hasher);
            if (hashingSlots < 1 || sessionTtl.isNegative() || sessionTtl.isZero()) {
                throw new IllegalArgumentException("need hashingSlots >= 1 and a positive sessionTtl");
            }
        }

        /** OWASP Argon2id, 30-day sessions, one hash per core, week-long invites. */
        public static Options defaults(Registration registration) {
            return new Options(registration, PasswordHasher.owasp(), Duration.ofDays(30),
                    Runtime.getRuntime().availableProcessors(), Duration.ofDays(7));
        }

        public Options withHasher(PasswordHasher value) {
            return new Options(registration, value, sessionTtl, hashingSlots, inviteTtl);
        }

        public Options withSessionTtl(Duration value) {
            return new Options(registration, hasher, value, hashingSlots, inviteTtl);
        }

        public Options withHashingSlots(int value) {
            return new Options(registration, hasher, sessionTtl, value, inviteTtl);
        }
    }

    /** A successful login: the bearer token (shown once, never stored) and when it expires. */
    public record Login(String token, String account, Instant expires) {
        @Override
        public String toString() {
            return "Login[" + account + ", expires " + expires + "]"; // never the token
        }
    }

    /** One account, as the administrator sees it. */
    public record AccountInfo(String name, Instant created, boolean disabled) {}

    /** One session, as the administrator sees it: {@code id} is a prefix of the token's digest. */
    public record SessionInfo(String id, String account, Instant created, Instant expires, boolean revoked) {}

    private final AccountStore store;
    private final Options options;
    private final InstantSource clock;
    private final Semaphore hashing;
    private final ExecutorService hashers;
    /** Hashed for unknown names, so that they cost what a real account costs. */
    private final String dummyHash;
    private final Throttle perAccount;
    private final Throttle perAddress;
    private final Throttle registrations;
    private final List<Consumer<List<String>>> revocationListeners = new CopyOnWriteArrayList<>();

    private Accounts(AccountStore store, Options options, InstantSource clock) {
        this.store = store;
        this.options = options;
        this.clock = clock;
        this.hashing = new Semaphore(options.hashingSlots());
        this.hashers = Executors.newFixedThreadPool(options.hashingSlots(),
                Thread.ofPlatform().daemon().name("chat-argon2-", 0).factory());
        this.dummyHash = options.hasher().hash(Tokens.generate());
        // 5 free failures per account, then 1 s, 2 s, 4 s ... up to 15 min; an address may fail 20 times
        // (a shared NAT, a typo-prone family) before its own doubling starts.
        this.perAccount = new Throttle(5, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1), clock);
        this.perAddress = new Throttle(20, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1), clock);
        this.registrations = new Throttle(10, Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(1), clock);
    }

    /** Opens the account tables in the chat's store file (creating them if needed). */
    public static Accounts open(Path file, Options options, InstantSource clock) throws SQLException {
        return new Accounts(SqliteAccountStore.open(file), options, clock);
    }

    /**
     * Opens the account tables of a PostgreSQL store (bringing its schema up to date), on a small pool
     * of its own: every node of a chat on that database sees the same accounts and sessions.
     *
     * @param url a JDBC ({@code jdbc:postgresql://...}) or libpq ({@code postgresql://...}) URL
     */
    public static Accounts openPostgres(String url, Options options, InstantSource clock) throws SQLException {
        return new Accounts(new PgAccountStore(PgDatabase.open(PgUrl.parse(url), 4, "chat-accounts")), options, clock);
    }

    public Options options() {
        return options;
    }

    // ------------------------------------------------------------------ the page and API clients

    /** Creates an account (subject to the registration mode) and logs it in. */
    public Login register(String name, String password, String invite, String address) throws AccountException {
        checkName(name);
        checkPassword(password);
        String inviteId = null;
        switch (options.registration()) {
            case CLOSED -> throw new AccountException(Kind.FORBIDDEN,
                    "registration is closed on this server; ask its operator for an account");
            case INVITE -> {
                if (!Tokens.wellFormed(invite)) {
                    throw new AccountException(Kind.FORBIDDEN, "registration needs an invite on this server");
                }
                inviteId = Tokens.digest(invite);
            }
            case OPEN -> { }
        }
        throttled(registrations, "r:" + address);
        String hash = hashed(() -> options.hasher().hash(password));
        registrations.failed("r:" + address); // every registration counts: it creates state
        String spent = inviteId;
        AccountStore.Created created = sql(() -> store.create(name, hash, clock.millis(), spent));
        return switch (created) {
            case OK -> newSession(name);
            case TAKEN -> throw new AccountException(Kind.TAKEN, "that name is taken; choose another");
            case BAD_INVITE -> throw new AccountException(Kind.FORBIDDEN, "the invite is unknown, used or expired");
        };
    }

    /**
     * Logs in. Unknown names cost the same Argon2 computation as real ones, and every failure reads
     * the same, so neither the answer nor its time says whether the account exists.
     */
    public Login login(String name, String password, String address) throws AccountException {
        if (name == null || !Names.isNick(name) || password == null || password.length() > MAX_PASSWORD) {
            throw new AccountException(Kind.UNAUTHORIZED, "wrong name or password");
        }
        String key = "a:" + name.toLowerCase(Locale.ROOT);
        throttled(perAccount, key);
        throttled(perAddress, "i:" + address);
        Optional<AccountStore.Account> account = sql(() -> store.account(name));
        String hash = account.map(AccountStore.Account::hash).orElse(dummyHash);
        boolean matches = hashed(() -> PasswordHasher.verify(password, hash));
        if (!matches || account.isEmpty() || account.get().disabled()) {
            perAccount.failed(key);
            perAddress.failed("i:" + address);
            throw new AccountException(Kind.UNAUTHORIZED, "wrong name or password");
        }
        perAccount.succeeded(key);
        AccountStore.Account a = account.get();
        if (options.hasher().outdated(a.hash())) {
            try {
                String upgraded = hashed(() -> options.hasher().hash(password));
                sql(() -> store.setHash(a.name(), upgraded));
            } catch (AccountException busy) {
                // no slot (or store) for the rehash now: the login stands, the next one rehashes
            }
        }
        return newSession(a.name());
    }

    /** Ends the session of {@code token}; its open connections are closed ({@code revoked}). */
    public void logout(String token) throws AccountException {
        if (Tokens.wellFormed(token)) {
            revoked(sql(() -> store.revokeSession(Tokens.digest(token), clock.millis())));
        }
    }

    /**
     * Changes the password of the account logged in with {@code token}, after checking the current
     * one (throttled like a login). Every session of the account ends; the caller gets a new one.
     */
    public Login changePassword(String token, String current, String next, String address) throws AccountException {
        Principal p = authenticate(token).orElseThrow(() ->
                new AccountException(Kind.UNAUTHORIZED, "log in first"));
        checkPassword(next);
        login(p.account(), current, address); // throttled, and proves the current password
        String hash = hashed(() -> options.hasher().hash(next));
        sql(() -> store.setHash(p.account(), hash));
        revoked(sql(() -> store.revokeAccount(p.account(), clock.millis())));
        return newSession(p.account());
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (!Tokens.wellFormed(token)) {
            return Optional.empty();
        }
        try {
            return store.principal(Tokens.digest(token), clock.millis());
        } catch (SQLException e) {
            return Optional.empty(); // a store that cannot answer authenticates nobody
        }
    }

    // ------------------------------------------------------------------ the administrator

    /** Creates an account whatever the registration mode. */
    public void create(String name, String password) throws AccountException {
        checkName(name);
        checkPassword(password);
        String hash = options.hasher().hash(password);
        if (sql(() -> store.create(name, hash, clock.millis(), null)) != AccountStore.Created.OK) {
            throw new AccountException(Kind.TAKEN, "an account named " + name + " exists");
        }
    }

    /** Disables or enables an account; disabling ends its sessions. */
    public void setDisabled(String name, boolean disabled) throws AccountException {
        if (!sql(() -> store.setDisabled(name, disabled))) {
            throw new AccountException(Kind.BAD_REQUEST, "no account named " + name);
        }
        if (disabled) {
            revoked(sql(() -> store.revokeAccount(name, clock.millis())));
        }
    }

    /** Sets a new password and ends every session of the account. */
    public void resetPassword(String name, String password) throws AccountException {
        checkPassword(password);
        String hash = options.hasher().hash(password);
        if (!sql(() -> store.setHash(name, hash))) {
            throw new AccountException(Kind.BAD_REQUEST, "no account named " + name);
        }
        revoked(sql(() -> store.revokeAccount(name, clock.millis())));
    }

    /** A new single-use invite token (shown once; only its digest is stored). */
    public String invite() throws AccountException {
        String token = Tokens.generate();
        long now = clock.millis();
        sql(() -> {
            store.addInvite(Tokens.digest(token), now, now + options.inviteTtl().toMillis());
            return null;
        });
        return token;
    }

    public List<AccountInfo> accounts() throws AccountException {
        return sql(store::accounts).stream()
                .map(a -> new AccountInfo(a.name(), Instant.ofEpochMilli(a.created()), a.disabled())).toList();
    }

    /** Sessions of {@code account}, or of everyone if null; ids are 16-hex-digit digest prefixes. */
    public List<SessionInfo> sessions(String account) throws AccountException {
        return sql(() -> store.sessions(account)).stream()
                .map(s -> new SessionInfo(s.id().substring(0, 16), s.account(), Instant.ofEpochMilli(s.created()),
                        Instant.ofEpochMilli(s.expires()), s.revoked() != null)).toList();
    }

    /** Revokes one session by its listed id (a digest prefix of at least 16 hex digits); returns how many. */
    public int revokeSession(String id) throws AccountException {
        if (id == null || !id.matches("[0-9a-f]{16,64}")) {
            throw new AccountException(Kind.BAD_REQUEST, "a session id is 16 to 64 hex digits");
        }
        List<String> ids = sql(() -> store.revokeSessionPrefix(id, clock.millis()));
        revoked(ids);
        return ids.size();
    }

    /** Revokes every session of {@code account}; returns how many. */
    public int revokeAccount(String account) throws AccountException {
        List<String> ids = sql(() -> store.revokeAccount(account, clock.millis()));
        revoked(ids);
        return ids.size();
    }

    // ------------------------------------------------------------------ revocations

    /** Called with the session ids revoked through this object, at once (in-process). */
    public void onRevoked(Consumer<List<String>> listener) {
        revocationListeners.add(listener);
    }

    /** The latest revocation's position in the store's log (where a watcher starts). */
    public long lastRevocation() throws SQLException {
        return store.lastRevocation();
    }

    /** Session ids revoked after {@code position} by any process, and the next position. */
    public Revoked revokedAfter(long position) throws SQLException {
        AccountStore.Revocations r = store.revocationsAfter(position);
        return new Revoked(r.sessions(), r.last());
    }

    /** Revoked session ids and the position to ask from next time. */
    public record Revoked(List<String> sessions, long position) {}

    private void revoked(List<String> ids) {
        if (!ids.isEmpty()) {
            revocationListeners.forEach(l -> l.accept(ids));
        }
    }

    // ------------------------------------------------------------------ helpers

    private Login newSession(String account) throws AccountException {
        String token = Tokens.generate();
        long now = clock.millis();
        long expires = now + options.sessionTtl().toMillis();
        sql(() -> {
            store.addSession(Tokens.digest(token), account, now, expires);
            return null;
        });
        return new Login(token, account, Instant.ofEpochMilli(expires));
    }

    private static void checkName(String name) throws AccountException {
        if (name == null || !Names.isNick(name)) {
            throw new AccountException(Kind.BAD_REQUEST,
                    "a name is a letter then up to 23 letters, digits, '_' or '-'");
        }
    }

    private static void checkPassword(String password) throws AccountException {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new AccountException(Kind.BAD_REQUEST,
                    "a password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
    }

    private static void throttled(Throttle throttle, String key) throws AccountException {
        Duration wait = throttle.wait(key);
        if (!wait.isZero()) {
            throw new AccountException(Kind.THROTTLED, "too many failed attempts; try again later",
                    Duration.ofSeconds(Math.max(1, (wait.toMillis() + 999) / 1000)));
        }
    }

    private interface Hashing<T> {
        T run();
    }

    /**
     * Runs an Argon2 computation in one of the bounded slots, or refuses at once. The work runs on a
     * platform thread of {@link #hashers}: on the request's virtual thread it would hold a carrier for
     * the whole hash (it never blocks), and a few logins would stall every other virtual thread, the
     * chat's included, while the request's thread waits unmounted.
     */
    private <T> T hashed(Hashing<T> work) throws AccountException {
        if (!hashing.tryAcquire()) {
            throw new AccountException(Kind.BUSY, "the server is busy checking passwords; try again",
                    Duration.ofSeconds(1));
        }
        try {
            return hashers.submit(work::run).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccountException(Kind.BUSY, "interrupted; try again", Duration.ofSeconds(1));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            hashing.release();
        }
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T sql(Query<T> q) throws AccountException {
        try {
            return q.run();
        } catch (SQLException e) {
            throw new AccountException(Kind.BUSY, "the account store is unavailable; try again", Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() throws SQLException {
        hashers.shutdownNow();
        store.close();
    }
}
