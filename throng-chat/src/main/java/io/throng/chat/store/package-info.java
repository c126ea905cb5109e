/**
 * The rooms' logs, as the service sees them ({@link io.throng.chat.store.MessageLog}, with
 * {@link io.throng.chat.store.RoomRecords} for rooms, roles, sanctions and deletion), and the embedded
 * default that implements them: one SQLite database file ({@code ./data/chat.db} by default), written
 * by one thread with group commit, read through a small pool of connections
 * ({@link io.throng.chat.store.ChatStore}, {@link io.throng.chat.store.SqliteRoomRecords}). The other
 * implementation, PostgreSQL shared by several chat nodes ({@code throng chat --store
 * postgresql://...}), is in {@code io.throng.chat.store.postgres}: there the log, not its caller, assigns
 * the sequences, and several writers are the normal case. Both are tested against one contract
 * ({@code RoomRecordsTest}, {@code AccountsTest} and its PostgreSQL twin, the web tests run on both).
 * A log shared by several nodes also carries their presence ({@link io.throng.chat.store.PresenceBus}:
 * each node's per-room lists of present users, never stored); the SQLite log has no other node and
 * answers {@code PresenceBus.NONE}.
 *
 * <p>The rest of this page is about the SQLite store.
 *
 * <h2>Schema</h2>
 * One table {@code messages(room, seq, sender, cid, text, time)}, primary key {@code (room, seq)}
 * ({@code WITHOUT ROWID}, so a room's log is contiguous in the B-tree and a history page is one range
 * scan), and a unique index on {@code (room, sender, cid)}: the idempotency key of a send. A direct
 * message's other party is in {@code recipient} (added in place to older files). Rooms made with
 * {@code create}, roles, sanctions and tombstones are in small tables of their own, written by
 * {@link io.throng.chat.store.SqliteRoomRecords} on its own connection (rare writes, so no group commit);
 * a deleted message's text is erased under {@code secure_delete}.
 *
 * <h2>Group commit</h2>
 * {@link io.throng.chat.store.ChatStore#append} queues a batch and returns a future. The writer
 * thread takes the first waiting batch, then every batch already queued (up to 2048 messages), and
 * commits them all in one transaction: one WAL append and, with {@code synchronous=FULL}, one fsync
 * for all of them. Under load the batches grow by themselves: while one commit is on the disk, the
 * next one fills up. A failed transaction is rolled back and its appends are retried one transaction
 * each, so a bad append (which only a bug or a second writer on the same file can produce) fails
 * alone: each append is all or nothing, and its caller can roll back its sequence numbers.
 *
 * <h2>Durability: "nothing acknowledged is lost"</h2>
 * The service acknowledges a message only after its commit returned. The database runs in WAL mode
 * with {@code synchronous=FULL} by default ({@link io.throng.chat.store.Durability#FULL}): SQLite
 * fsyncs the WAL before the commit returns, so an acknowledged message survives kill -9, an OS crash
 * and a power cut. {@code NORMAL} with WAL would already survive kill -9 (the committed pages are in
 * the kernel's page cache, and the WAL is replayed on the next open), but not an OS crash; we pay for
 * FULL because group commit amortises the fsync over the batch (measured: see
 * {@code docs/chat-protocol.md}, "Store throughput"). The crash test kills a writing JVM with SIGKILL
 * and checks that every acknowledged message is there, with its sequence, and that sequences continue.
 *
 * <h2>Threads</h2>
 * The writer is a platform thread: the JDBC driver runs SQLite, and its fsync, in native code, which
 * would pin a virtual thread's carrier for the whole commit. Readers (history, duplicate checks,
 * heads) are short and run on the caller's thread; in WAL mode they never wait for the writer and
 * see only committed data.
 */
package io.throng.chat.store;
