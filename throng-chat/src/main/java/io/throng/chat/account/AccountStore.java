package io.throng.chat.account;

import io.throng.chat.service.Authenticator.Principal;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Accounts, their sessions, revocations and invites as stored: in the chat's SQLite file
 * ({@link SqliteAccountStore}, the default) or in PostgreSQL ({@link PgAccountStore}), which every
 * node of a chat reads, so a session made on one node is valid on all. Times are epoch milliseconds.
 * Session and invite ids are the SHA-256 of their tokens ({@link Tokens#digest}); no token is ever
 * stored. Account names compare without case. Each method is one transaction.
 */
interface AccountStore extends AutoCloseable {
    /** One account as stored. */
    record Account(String name, String hash, long created, boolean disabled) {}

    /** One session as stored: {@code id} is the token's digest. */
    record SessionRow(String id, String account, long created, long expires, Long revoked) {}

    /** Revoked session ids after some point, and the point to ask from next time. */
    record Revocations(List<String> sessions, long last) {}

    enum Created { OK, TAKEN, BAD_INVITE }

    Optional<Account> account(String name) throws SQLException;

    /** Every account, by name. */
    List<Account> accounts() throws SQLException;

    /** Creates an account, spending {@code inviteId} (if not null) in the same transaction. */
    Created create(String name, String hash, long now, String inviteId) throws SQLException;

    boolean setHash(String name, String hash) throws SQLException;

    boolean setDisabled(String name, boolean disabled) throws SQLException;

    void addSession(String id, String account, long now, long expires) throws SQLException;

    /** The valid session {@code id} at {@code now}: not expired, not revoked, its account not disabled. */
    Optional<Principal> principal(String id, long now) throws SQLException;

    /** The sessions of {@code account} (null: of everyone), oldest first. */
    List<SessionRow> sessions(String account) throws SQLException;

    /** Revokes a session and logs it for the servers that poll the log; returns the ids revoked. */
    List<String> revokeSession(String id, long now) throws SQLException;

    /** Revokes the sessions whose id starts with {@code prefix} (what {@code admin sessions} shows). */
    List<String> revokeSessionPrefix(String prefix, long now) throws SQLException;

    List<String> revokeAccount(String account, long now) throws SQLException;

    /** The position of the newest revocation in the log (0 if none). */
    long lastRevocation() throws SQLException;

    /** Revocations logged after position {@code seq}, in order (at most 10,000). */
    Revocations revocationsAfter(long seq) throws SQLException;

    void addInvite(String id, long now, long expires) throws SQLException;

    @Override
    void close() throws SQLException;
}
