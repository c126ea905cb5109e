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
 *  transport ──frames──▶ Connection ──commands──▶ Room (one orderer thread per room) ──▶ MessageLog
 *      ▲                    │ errors, history          │ acks, messages, presence      (group commit)
 *      └───── Outbox ◀──────┴──────────────────────────┘
 *            (bounded, one per connection; the session points at the current one)
 * </pre>
 *
 * <h2>The room cycle</h2>
 * A {@link io.throng.chat.service.Room} is a virtual thread reading a channel of commands (say, join,
 * leave, absent, remove). It takes the first command and every command already queued (up to 1024
 * sends), and for each send: answers a retry ({@code (sender, cid)} already known, from a recent-ids
 * cache or the store's unique index) with the original sequence, or assigns {@code head + 1}. Then it
 * appends the new messages to the store in one batch and waits for the commit; only then does it
 * send, in sequence order, each sender its {@code ack} and each member the {@code message}. Any
 * other command first flushes the pending sends, so "join after say" means after.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>Per-room total order</b>: one thread assigns a room's sequences, 1, 2, 3... with no holes
 *       (a failed commit is neither acknowledged nor delivered, and the room re-reads its head from the
 *       log before assigning again), and fans
 *       out in that order. Per sender FIFO follows: one connection's frames enter the room's channel in
 *       the order received.
 *   <li><b>Acknowledged means durable</b>, and delivered means acknowledged: no member sees a message
 *       that a crash could take back (its sequence would be reused).
 *   <li><b>Exactly one stored message per (room, sender, cid)</b>; every retry gets the original ack.
 *   <li><b>A room never waits for a member.</b> Fan-out is a non-blocking
 *       {@link io.throng.chat.service.Outbox#offer}; an outbox that is full closes itself
 *       ({@code slow_consumer}) and its session detaches. Above 3/4 full, presence changes are dropped
 *       first (degraded mode; the next online list repairs them).
 *   <li><b>No silent hole.</b> A session outlives its connections. On resume (or {@code join} with
 *       {@code after}) the room itself, in its order, replays from the store every message after the
 *       client's last seen sequence, or sends a {@code gap} when there are more than the replay window
 *       (or the client is ahead of the log). A member re-attached by a resume receives no live message
 *       until its room has re-synced it (the room remembers which outbox it synced), so replay and live
 *       traffic never interleave or repeat.
 *   <li><b>Presence follows the clock, not the sockets.</b> A detached session stays present for the
 *       presence grace and resumable for the session TTL; {@link io.throng.chat.service.ChatService#sweep}
 *       applies both on the injected {@link java.time.InstantSource}, so tests move time instead of
 *       sleeping. A user is present in a room while any of its sessions is; only the 0↔1 transitions are
 *       announced.
 *   <li><b>Limits answer with errors, never with silence</b>: text and frame size (codec), messages per
 *       second per user (a token bucket shared by the user's sessions, DMs included), rooms per session,
 *       nickname and room-name rules.
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
 * first ({@code RoomRecords}), then told to the rooms as commands (expel, tombstone).
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
 * Room state is confined to its thread. A {@link io.throng.chat.service.Session} guards its rooms and
 * attachment with its own monitor and publishes its current outbox through a volatile field; an
 * outbox is never mutated, only replaced. A {@link io.throng.chat.service.Connection} serialises its
 * own frames; nothing that a room thread calls takes a connection's lock.
 */
package io.throng.chat.service;
