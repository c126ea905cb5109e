/**
 * The chat service, independent of any transport: sessions, rooms, ordering, fan-out, presence,
 * limits. A WebSocket, long-poll or SSE transport only moves text frames in and out of a
 * {@link io.throng.chat.service.Connection}, which it gets from a
 * {@link io.throng.chat.service.ChatBackend}: the {@link io.throng.chat.service.ChatService} in this
 * process, or (with {@code --workers}) {@code io.throng.chat.cluster}'s link to the one in the room
 * service, where the same {@code Connection} code runs. Live message frames carry their commit time,
 * so the writer that finally takes a frame can measure the fan-out latency.
 *
 * <h2>Shape</h2>
 * <pre>
 *  transport ──frames──▶ Connection ──commands──▶ Room (one orderer per room, while it has work) ──▶ MessageLog
 *      ▲                    │ errors, history          │ acks, messages, presence      (group commit)
 *      └───── Outbox ◀──────┴──────────────────────────┘
 *            (bounded, one per connection; the session points at the current one)
 * </pre>
 *
 * <h2>The room cycle</h2>
 * A {@link io.throng.chat.service.Room} is a channel of commands (say, join, leave, absent, remove,
 * moved) and an orderer: a virtual thread that exists only while the channel has commands (whoever
 * queues into an idle room starts it; it ends when the channel is empty), one at a time, so an idle
 * room (every user's inbox, nearly always) holds no thread. It takes the first command and every
 * command already queued (up to 1024 sends), and for each send: answers a retry ({@code (sender, cid)} already known, from a
 * recent-ids cache or the store's unique index) with the original sequence, or drafts it at
 * {@code head + 1}. A log that answers duplicates inside its append ({@code MessageLog.answersDuplicates},
 * PostgreSQL) is not asked before: a retry it already holds is drafted, and the append answers it with
 * the original, which saves one database round trip per message on the room's thread. Then it appends the new messages to the log in one batch and waits for the commit;
 * only then does it send, in sequence order, each sender its {@code ack} and each member the
 * {@code message}, both as the log answered (below). Any other command first flushes the pending
 * sends, so "join after say" means after.
 *
 * <h2>What a long-running server keeps</h2>
 * Nothing per user or per message that grows with time. A session goes one session TTL after its last
 * connection ({@code sweep}). An inbox room with no member here (its user's sessions all expired, or a DM
 * to a user not connected here) retires as soon as its orderer has handled every command it let in: it
 * leaves the service's map, and the next command starts a new {@code Room}, which reads its head from
 * the log like any room that starts. One compare-and-set on the room's count of admitted commands both
 * checks that none is queued or on its way in and shuts the door, so no command ever goes into a retired
 * room (its sender is refused and sends to the new one). Public rooms stay for the life of the process,
 * one per name used (the room list shows every room used since the start). A room's recent-ids cache
 * holds at most 4,096 entries of sequence, sender and cid: a committed message's text is not kept.
 *
 * <h2>Several writers on one log</h2>
 * The {@link io.throng.chat.store.MessageLog} may have other writers: other chat nodes on one
 * database, each with its own {@code Room} for the same room. The log is then the last word on the
 * order: it stores each draft under the room's next sequence at commit time and answers with the
 * message as stored (another sequence if another node committed first) or, for a {@code (sender, cid)}
 * any node stored already, with the original ({@code duplicate}). The room's {@code head} is only a
 * guess for drafting, refreshed from those answers and from notices; with one writer (SQLite) every
 * draft keeps its sequence and nothing below costs more than a comparison.
 * <p>What a room here owns is {@code delivered}: every sequence up to it has been fanned out to its
 * local members, in order, once, and nothing after it. A message of ours stored at {@code s} is fanned
 * out only when {@code delivered = s - 1}; if other writers committed in between, the room first fans
 * those out: the ones the log's notice carried (PostgreSQL's NOTIFY holds a commit's messages when they
 * fit, and is delivered only on commit) as they are, the others read from the log
 * ({@code after(delivered)}, in pages of 256: {@code CatchUp}); carried ones are taken only where they
 * continue {@code delivered}, so a lost or oversize notice means a read, never a skip.
 * The log's watcher tells the service "room R is at N"; a room live in this process turns that into
 * one queued {@code Moved} (coalesced, never blocking the log's thread; with a full
 * channel the room looks at the newest notice after its batch) and catches up the same way. A room
 * with nobody listening here reads nothing: it moves {@code delivered} on, and a member coming back is
 * replayed from the log. More than the replay window behind, the listeners get a {@code gap} instead
 * of a flood, as a resume would. A read that fails leaves {@code delivered} where it was: the next
 * notice, commit or command cycle reads again from there, so a failed read or a missed notice delays
 * a message, never skips or reorders it. Messages read this way also fill the recent-ids cache, so a
 * retry here of a send first made through another node is answered without a query.
 *
 * <p>When the store fails (an append, a head read, a replay read), the sends already queued in the
 * room's channel are answered {@code store_failed} at once, without another attempt, and no read comes
 * before them: in an outage each attempt waits for the pool's timeout, and they have waited for that one.
 * The room counts commands queued and taken, so "already queued" is exact; a send queued after the
 * failure gets an attempt of its own (after the head is read again), so a store that is back is used at
 * once.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>Per-room total order</b>: the log assigns a room's sequences, 1, 2, 3... with no holes
 *       (one writer per room per transaction: this room's thread with SQLite, the database's per-room
 *       lock with several nodes; a failed commit is neither acknowledged nor delivered, and the room
 *       re-reads its head from the log before drafting again), and every room here fans out in that
 *       order, its own messages and others' alike, since only {@code delivered + 1} is ever fanned
 *       out. Per sender FIFO follows through one node: one connection's frames enter the room's channel
 *       in the order received.
 *   <li><b>Acknowledged means durable</b>, and delivered means committed: an ack (with the stored
 *       sequence) follows the commit, and a member only gets a message from a commit's answer or from
 *       a read of the log, which shows committed rows only. No member sees a message that a crash could
 *       take back.
 *   <li><b>Exactly one stored message per (room, sender, cid)</b>, whichever nodes the retries go
 *       through: the cache and the unique index answer most retries, the log answers the race (a send
 *       stored by another node between our check and our commit) with the original, which is acked
 *       with its sequence and fanned out once, by the catch-up, never by the duplicate's sender.
 *   <li><b>A room never waits for a member.</b> Fan-out is a non-blocking
 *       {@link io.throng.chat.service.Outbox#offer}; an outbox that is full closes itself
 *       ({@code slow_consumer}) and its session detaches. Above 3/4 full, presence changes are dropped
 *       first (degraded mode; the next online list repairs them). The room wakes a member's transport once
 *       per fan-out pass, not per frame ({@code Wakeups}: a batch's messages and
 *       acks go out in one write, and so do the {@code joined}/{@code left} frames of the joins and leaves
 *       it takes in one cycle, a ramp's join storm), never waiting for another room's pass, and wakes
 *       before anything that may wait (a commit, a join's replay reads the log, any other command).
 *   <li><b>No silent hole.</b> A session outlives its connections. On resume (or {@code join} with
 *       {@code after}) the room itself, in its order, replays from the log every message after the
 *       client's last seen sequence up to {@code delivered}, where live fan-out to it begins, or sends a
 *       {@code gap} when there are more than the replay window (or the client is ahead of the log). A
 *       client that saw more through another node than this room has delivered is not "ahead": the
 *       room first catches up with the log, then replays (if the log cannot be read just then, live
 *       fan-out to that member skips what it has until the catch-up succeeds). A member re-attached by a resume receives no
 *       live message until its room has re-synced it (the room remembers which outbox it synced), so
 *       replay and live traffic never interleave or repeat.
 *   <li><b>Presence follows the clock, not the sockets.</b> A detached session stays present for the
 *       presence grace and resumable for the session TTL; {@link io.throng.chat.service.ChatService#sweep}
 *       applies both on the injected {@link java.time.InstantSource}, so tests move time instead of
 *       sleeping. A user is present in a room while any of its sessions is; only the 0↔1 transitions are
 *       announced. With other nodes, the union of theirs and ours (below).
 *   <li><b>Limits answer with errors, never with silence</b>: text and frame size (codec), messages per
 *       second per user (a token bucket shared by the user's sessions, DMs included), rooms per session,
 *       nickname and room-name rules.
 * </ul>
 *
 * <h2>Presence across nodes</h2>
 * A room's online list is the union of the users present here and those the other nodes sharing the
 * store say are present there. It travels the way moves do, through the shared database's notices,
 * never a node-to-node socket ({@link io.throng.chat.store.PresenceBus}; with SQLite and
 * {@code --workers} it is {@code NONE} and nothing of this runs).
 * <ul>
 *   <li><b>Telling.</b> A room hands this node's list of its present users to the
 *       {@link io.throng.chat.service.PresenceRelay} at once on a local 0↔1 change (an empty list when the
 *       last one goes), and again on every heartbeat, a third of the presence grace, beaten by
 *       {@code sweep} on the injected clock (rooms with nobody here are not repeated). The relay's one
 *       thread sends the newest list of every waiting room in one batch: a room never waits for the
 *       database, and a burst of changes costs one notice per room.
 *   <li><b>Hearing.</b> Each list heard from another node is stamped to expire one grace (at least a
 *       second) after it arrived, on the injected clock, and replaces that node's previous list for the
 *       room. The room ({@link io.throng.chat.service.RoomPresence}) announces only the 0↔1 transitions
 *       of the union; {@code sweep} drops the expired lists and announces their users who are nowhere
 *       else as {@code left}. The relay also remembers the unexpired lists of rooms not live here, so a
 *       room that starts later begins with them and its first member's online list is the union.
 *   <li><b>What follows.</b> A user detached here leaves everywhere one grace later (the local 1→0
 *       change is told at once). A dead node's users leave one grace after its last heartbeat, so
 *       between two thirds of a grace and a grace after it died (plus a sweep period): its last list
 *       expires. A lost notice (a LISTEN reconnection, a paused node) only delays: with the heartbeat at
 *       a third of the grace one lost heartbeat is harmless, and two in a row race the list's expiry. A user with sessions on two nodes stays online while either is present. A node
 *       skips its own notices (they carry its id); a damaged or foreign notice is ignored.
 *   <li><b>Privacy: one rule.</b> Presence goes only to a room's members, who were admitted by
 *       {@code RoomDirectory.mayJoin} in the room's order, here or on the other node; an inbox's presence
 *       is never sent at all, locally or to other nodes, and a notice naming one is refused on parsing.
 *       The notices themselves are visible only to the database's users (any session that LISTENs), who
 *       can read the messages anyway.
 *   <li>Presence stays ephemeral: nothing of it is stored with the messages. With PostgreSQL it is a
 *       NOTIFY payload under the 8000-byte limit, split into parts for a big room (see
 *       {@code io.throng.chat.store.postgres}).
 * </ul>
 *
 * <h2>Direct messages</h2>
 * Every user has an inbox room {@code @nick}, joined automatically by each of its sessions and by
 * nobody else. A {@code dm} from alice to bob is a send into {@code @bob} (acknowledged) and a silent
 * copy into {@code @alice}, both naming bob as the recipient, so DMs get ordering, dedup, durability,
 * resume and history from the room machinery with no second path, and each party reads the whole
 * conversation in its own inbox.
 *
 * <h2>Privacy and moderation</h2>
 * {@link io.throng.chat.service.RoomDirectory} decides every access (inbox, private room, ban, mute,
 * role) from the user's name, which a connection asks for in one place ({@code LocalConnection.user()}:
 * the claimed nickname in version 1, the account with authentication). The connection checks early
 * for a quick answer; the room's orderer checks again for every post and every join or re-join it
 * handles, so a decision takes effect at one point of the room's order and no race lets a removed
 * user back in. {@link io.throng.chat.service.Moderation} handles the management requests: stored
 * first ({@code RoomRecords}), then told to the rooms as commands (expel, tombstone), then announced to
 * the other nodes sharing the store. {@link io.throng.chat.service.RecordFollower} applies the other
 * nodes' announcements here: reload the room's records, do the same expel or tombstone to the members
 * here, then have the room re-check each member against the reloaded records ({@code Recheck}), which
 * also repairs what a missed announcement left (on a LISTEN reconnection every room is reloaded).
 *
 * <h2>Who a session is</h2>
 * Protocol version 2: {@code hello}/{@code resume} carry a login token, or the connection was opened
 * with one ({@link io.throng.chat.service.ChatBackend#connect(String)}); the service asks its
 * {@link io.throng.chat.service.Authenticator} and the session's nickname is the account's name. A
 * session remembers the login it was opened with and is resumed only by that login.
 * {@link io.throng.chat.service.ChatService#revoke} ends every session of the given logins: the attached
 * outbox closes with {@code revoked} and the session can never attach again. Version 1 (a claimed
 * nickname) is served only when the service was built with {@code insecureNicknames}; this is the only
 * place that decides, so every transport and the {@code --workers} room service behave alike.
 *
 * <h2>Locks</h2>
 * Room state is confined to its orderer (one at a time; each hands the state to the next through the
 * room's work-in-progress count). A {@link io.throng.chat.service.Session} guards its rooms and
 * attachment with its own monitor and publishes its current outbox through a volatile field; an
 * outbox is never mutated, only replaced. A {@link io.throng.chat.service.Connection} serialises its
 * own frames; nothing that a room thread calls takes a connection's lock.
 */
package io.throng.chat.service;
