/**
 * The chat's store of record in PostgreSQL ({@code throng chat --store postgresql://...}): the rooms'
 * logs ({@link io.throng.chat.store.postgres.PgMessageLog}), room records, and (in
 * {@code io.throng.chat.account}) accounts and sessions, in one database that every chat node reads and
 * writes. Internal: {@code io.throng.chat.server} opens it; nothing here is exported.
 *
 * <h2>Sequencing with several writers</h2>
 * {@code messages} has {@code PRIMARY KEY (room, seq)} and {@code UNIQUE (room, sender, cid)};
 * {@code room_heads} holds each room's highest committed {@code seq}. An append's transaction
 * ({@link io.throng.chat.store.postgres.PgAppend}) takes, for every room of its batch in one statement
 * and in the order of the keys, {@code pg_advisory_xact_lock(hashtextextended(room, 0))}, then reads the
 * heads in the next statement. Under READ COMMITTED each statement sees what was committed when it
 * started, and a lock is released only by the previous writer's commit, so the heads read after the
 * locks include that writer's rows: the drafts get head + 1, head + 2..., whatever their caller guessed,
 * and a room's log has no hole and no double. A hash clash between two rooms only makes them wait for
 * each other. The key order of the locks means two transactions sharing rooms cannot deadlock (nodes of
 * an older version took them in name order: during a rolling upgrade PostgreSQL's deadlock detector may
 * end one transaction after a second, which its senders see as {@code store_failed}). The primary key fences a writer that skipped the lock
 * (a bug, or a tool): its insert fails rather than overwrite.
 *
 * <p>Idempotency: under the same locks one query finds the drafts whose {@code (room, sender, cid)} is
 * stored already (by any node, at any time: the chat service does not look sends up beforehand on this
 * store, {@code MessageLog.answersDuplicates}); they are answered with the stored original, marked duplicate, and not
 * inserted, so no sequence is spent on them.
 *
 * <h2>Group commit and failure</h2>
 * As in the SQLite store, one writer thread takes every queued append (up to 2048 drafts) into one
 * transaction. A transaction that fails is rolled back whole: none of its drafts is stored, and its
 * appends complete exceptionally, so the service answers {@code store_failed}, never an ack. If the
 * database refused the transaction (say a text with a NUL, which PostgreSQL's {@code text} cannot
 * hold), each append is retried alone so only the bad one fails; if the connection was lost, they all
 * fail at once, and so do the appends queued behind that transaction (they waited for it already: one
 * more transaction would double their wait; the next append tries again). The pool (HikariCP) validates
 * connections before lending them and waits at most 3 s for one, and every connection has a 10 s socket
 * timeout, so during an outage a send is answered within one pool timeout (the room does the same with
 * the sends queued behind its failed attempt), during a network cut (no reset, packets lost) within a
 * socket timeout, and the log recovers by itself once the database is back: nothing to restart.
 *
 * <h2>Durability</h2>
 * Every pooled connection raises {@code synchronous_commit} to {@code on} if the server's, database's or
 * role's default is weaker (keeping {@code remote_apply}, which is stronger): a commit returns only when its WAL is flushed to the primary's disk and, if the server names
 * {@code synchronous_standby_names}, confirmed by the standby. An ack therefore means "on disk", or "on
 * two machines" with a synchronous standby (see {@code docs/postgresql.md}).
 *
 * <h2>Telling other nodes: NOTIFY and one LISTEN connection</h2>
 * Each transaction sends one {@code NOTIFY throng_chat_heads} per room it moved (all in one
 * {@code SELECT pg_notify(...) FROM unnest(...)}): "room R is at seq N", and, when they fit under the
 * payload limit, the messages the transaction stored in R themselves (N - k + 1 .. N, as stored, JSON
 * with every non-ASCII character escaped so the byte count is the same in any server encoding), else
 * the plain "N room". The formats live in {@link io.throng.chat.store.postgres.HeadNotice} alone.
 *
 * <p><b>Invariant: nothing uncommitted is ever delivered.</b> The NOTIFY is a statement of the committing
 * transaction, and PostgreSQL delivers a transaction's notifications if and when it commits, never for a
 * rolled-back one: the messages a notice carries are exactly the rows that commit made durable. A
 * listener may therefore fan them out as if it had read them. Keep the NOTIFY inside the append's
 * transaction (never after it, never from another connection) or this breaks.
 *
 * <p>{@link io.throng.chat.store.postgres.PgListener} keeps one connection (outside the pool) that
 * LISTENs and calls the watchers with the head and any carried messages (a node's own notices carry its
 * log's random id, and their messages are not decoded: its rooms fanned them out at commit). A room
 * takes carried messages only where they continue what its members have; a gap before them (an earlier
 * notice lost, or too big to carry) is read by {@code seq} first, so carrying saves reads and never
 * skips. Notifications sent while the listener is disconnected are lost, so on every (re)connection it
 * tells the records' watchers "everything" (they reload all room records), reads {@code room_heads}
 * whole and calls {@code moved(room, head)} for every room: a watcher compares with what it has and
 * reads the rest by {@code seq}, so a lost notice only delays. After 5 s of silence it probes the
 * connection, so a path cut without a reset is noticed in seconds, not hours.
 *
 * <p>Room records travel the same way on a second channel, {@code throng_chat_records}
 * ({@link io.throng.chat.store.postgres.RecordNotice}): after a moderation change committed, the node
 * that made it NOTIFYs the room and what it did (expelled whom, deleted which message), tagged with its
 * records' random id so it skips its own notice. That NOTIFY is a statement of its own after the
 * commit, not part of it, because a kick stores nothing; a lost one is repaired by the reload on
 * reconnection.
 *
 * <p>A kick changes no row, and a deletion's notice may be lost like any other: so kicks are stored
 * too ({@code kicks}, kept a day) and tombstones are numbered ({@code id}, in {@code V4__repairs.sql});
 * {@code RoomRecords.since} reads those written after a node's mark, and the service does what their
 * lost notices would have ({@code RecordFollower}).
 *
 * <h2>Presence: a third channel</h2>
 * {@link io.throng.chat.store.postgres.PgPresence} sends each node's per-room lists of present users on
 * {@code throng_chat_presence} ({@link io.throng.chat.store.postgres.PresenceNotice}: node id, number,
 * room, {@code part/parts}, users), all waiting rooms in one statement
 * ({@code SELECT pg_notify(c, n) FROM unnest(?)}), so one transaction however many rooms. PostgreSQL
 * refuses a payload of 8000 bytes or more: a list is split into parts of at most 7,900 bytes (about 300
 * users of the longest nickname, 24 characters; some 800 of 8) sent in that one transaction, and the
 * hearer passes a list on only when it has all its parts, so nobody drops out of a room because their
 * name fell into a later part. A part lost (the LISTEN connection dropped between two) leaves the list
 * incomplete; the node's next list replaces it. An unlogged table read on notice was the alternative:
 * it would cost a write and a read per change, for lists that live fifteen seconds; the split notices
 * cost neither.
 *
 * <h2>Schema migrations: a numbered-SQL runner, not Flyway</h2>
 * {@link io.throng.chat.store.postgres.Migrations} runs {@code db/postgresql/V1__messages.sql},
 * {@code V2__rooms.sql}, {@code V3__accounts.sql}... in order, each once, recording them in
 * {@code schema_version}, all in one transaction under an advisory lock: two nodes starting together
 * do not race, and a failed script leaves the database as it was (PostgreSQL's DDL is transactional).
 * A database newer than the code is refused. That is about sixty lines and no dependency; Flyway would
 * bring a 700 kB jar with its own logging, class-path scanning of resources (awkward for a named module,
 * and for the shaded launcher), and features the chat does not use (undo, repeatable and Java
 * migrations, placeholders, many databases). What it would add that matters here (checksums of applied
 * scripts) is not worth that yet; the rule is instead that a released script is never edited, only
 * followed by a new one.
 */
package io.throng.chat.store.postgres;
