/**
 * Chat accounts and their sessions, in the chat's own SQLite file ({@link io.throng.chat.account.SqliteAccountStore})
 * or, with {@code --store}, in its PostgreSQL database ({@link io.throng.chat.account.PgAccountStore}), where
 * every node reads them, so a login made on one node is valid on all: registration (open, by invite,
 * or closed), login, logout, password change, revocation, and the administrator's operations
 * ({@code throng chat admin}). {@link io.throng.chat.account.Accounts} is the whole API; the chat
 * protocol's version 2 asks it who is behind a token ({@link io.throng.chat.service.Authenticator}).
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>No secret at rest.</b> Passwords are Argon2id hashes in PHC strings
 *       ({@link io.throng.chat.account.PasswordHasher}, OWASP's m=19456 KiB, t=2, p=1 by default; the
 *       parameters live in each hash, so raising them later rehashes on the next login). Session and
 *       invite tokens are 256 bits from {@code SecureRandom}; only their SHA-256 is stored.</li>
 *   <li><b>Nothing says whether an account exists</b> to someone logging in: an unknown name costs one
 *       Argon2 computation (against a dummy hash) like a real one, and every failure reads
 *       "wrong name or password". Registration must say a name is taken; it is throttled per address.</li>
 *   <li><b>Guessing is slowed</b> per account name and per source address with doubling delays
 *       ({@link io.throng.chat.account.Throttle}); a refused attempt costs no hashing.</li>
 *   <li><b>Argon2 cannot exhaust the server</b>: at most {@code hashingSlots} (one per core) run at
 *       once; the next request is refused at once (busy, 429 with Retry-After), never queued.</li>
 *   <li><b>Revocation reaches every process.</b> Logout, password change, disabling and admin revoke
 *       mark sessions revoked and append them to a log table; the process that owns the chat
 *       sessions is told at once in-process ({@link io.throng.chat.account.Accounts#onRevoked}) and
 *       polls the log (every 250 ms) for what other processes ({@code admin}, workers, other nodes)
 *       revoked. On PostgreSQL the log's sequence is taken under an advisory lock held to the commit, so
 *       the poller never skips a revocation committed late with a smaller number.</li>
 * </ul>
 */
package io.throng.chat.account;
