/**
 * {@code throng load chat}: simulated instant-messaging users speaking Throng's chat protocol
 * ({@code docs/chat-protocol.md}) over WebSocket, measuring end-to-end delivery latency and checking that every
 * member of a room received every message it was owed, once and in order.
 *
 * <h2>Users</h2>
 * A {@link io.throng.load.chat.ChatScenario} names N users and R rooms; user {@code g} is {@code u<g>} in room
 * {@code g % R}, connects at {@code ramp * g / N}, says {@code hello}, {@code join}s, then says one message every
 * {@code every} (its first slot random within the first period). Users live in
 * {@link io.throng.load.chat.ChatLoop}s: one selector thread owns thousands of users as small state machines
 * (connect, upgrade, hello, join, active), driven by readiness and one timer queue. The WebSocket client is this
 * package's own lean one ({@link io.throng.load.chat.WsClientCodec}: masked client frames, in-place parsing of server
 * frames) rather than {@code io.throng.websocket.WebSocketClient}: that client runs two virtual threads and its
 * own buffers per connection and cannot bind a source address, while a loop user costs about 3 KiB of heap
 * (measured: 5,000 users, heap after GC minus 50 users' heap) and binds the 127.0.0.x address of its worker.
 *
 * <h2>Latency without coordinated omission</h2>
 * A message's text starts with two wall-clock microsecond times: its intended slot in the schedule and when it
 * actually left. Every member that receives it records {@code now - intended} ({@code latency}) and
 * {@code now - sent} ({@code uncorrected}). Each process maps {@link System#nanoTime()} to the wall clock once at
 * the start, so a loader reads no clock per message; all loaders of a run share this machine's clock. The
 * schedule does not wait for the server (open model): a stalled server is charged for every message due while
 * it stalled.
 *
 * <h2>Lost, duplicated, out of order</h2>
 * The server numbers each room's messages 1, 2, 3... A {@link io.throng.load.chat.MemberLedger} per user keeps
 * the first and last sequence it saw and the holes in between. The member's window opens at the first message it
 * saw, or earlier at its own first acknowledged message (ordered after its join, so everything after it is owed),
 * and closes at the room's final sequence (the highest any member saw or any sender had acknowledged, over every
 * process) — or at its last message if its connection dropped for good. A hole that never fills is lost, a hole filled
 * late is out of order, a sequence seen twice is a duplicate. Members' evidence is summed per room into a
 * {@link io.throng.load.chat.RoomTally} whose tail term is resolved once the final sequence is known, so workers
 * send the parent a few sums per room, not every member's history. After the last send the run drains: it ends
 * when every user has its acks, has caught up with its room and nothing arrived for half a second, or at the
 * drain deadline; what is missing then counts as lost. Blind spot: a message ordered concurrently with a
 * member's join, before both its first received message and its own first message, cannot be told from one
 * ordered before the join and is not counted.
 *
 * <h2>Dropped connections</h2>
 * Like the real chat client, a user whose connection drops reconnects with jittered exponential backoff (100 ms
 * doubling to 5 s, at most 10 attempts, never past the drain deadline) and {@code resume}s its session with the last
 * sequence it saw; unacknowledged says go again with the same {@code cid} (the server stores each once, so an ack
 * counts once however often it was sent). Replayed messages are the next ones in the member's window: delivered,
 * not lost, not duplicated. A {@code gap} skips its range explicitly (counted as gapped, not lost). Resumes and gaps
 * are summed per room in the {@link io.throng.load.chat.RoomTally}. A user that gives up (or runs with reconnection
 * off) counts the error {@code dropped} and its window closes at its last message. At the end every user is in
 * one bucket of {@link io.throng.load.Connects}: joined at least once, never joined (by its latest failure),
 * still connecting when the run ended (also a {@code connect} error) or never tried (a {@code not_started}
 * error), adding up to the users asked.
 *
 * <h2>Accounts (protocol version 2)</h2>
 * Without accounts a user claims its nickname ({@code hello} {@code "v":1}), which a server accepts only with
 * {@code --insecure-nicknames}. With {@code --accounts FILE} ({@link io.throng.load.chat.AccountTokens}) user
 * {@code u<g>} says {@code hello} and {@code resume} with {@code "v":2} and the token of its line, and its
 * {@code welcome} must name that account. The tokens are made before the run, outside the measured phase
 * ({@code throng chat admin logins}: the server's own account code creates and logs in each account; the Argon2
 * cost of a login is what that step pays, and {@code bench/chat-accounts} measures it), so the measured phase is
 * connect, upgrade, {@code hello} with a token (one SHA-256 and one indexed SQLite lookup on the server), join and
 * the conversation, with sessions as real as the page's. Invariants: every user has a token before anything
 * connects (else a usage error); a token the server refuses is the error {@code auth} and is not tried again; a
 * login the server ends mid-run is the error {@code revoked} and its user is dropped (counted {@code dropped}),
 * never resumed nor silently treated as connected. Neither counts as a {@code server:} refusal of a say, so
 * {@code unacked} stays honest.
 *
 * <h2>Scale</h2>
 * One process holds at most 19,000 users (open files); {@link io.throng.load.chat.ChatLoad} deals users
 * round-robin over worker JVMs on their own 127.0.0.x source addresses, as every kind's fleet does, and merges
 * their per-second samples (exact HdrHistograms) and their {@link io.throng.load.chat.ChatOutcome}s (room tallies
 * and users).
 * Every client message id starts with a per-run tag: the server stores a (room, sender, cid) once, so a second
 * run with the same nicknames must not collide with the first.
 *
 * <h2>Reports</h2>
 * {@link io.throng.load.chat.ChatReport}: summary, JSON, and HTML through {@link io.throng.load.HtmlReport}
 * (deliveries in the role of responses), with thresholds for p99, lost and errors. Its steady phase, where the
 * steady delivery rate is counted, begins when every user is connected and joined (as many as ever were), not at
 * the ramp's end when connecting overran it, and ends when sending stops; the summary and JSON say when it began.
 * Latency percentiles are the whole run's, and the steady phase's alone ({@code steadyLatency}): at 17,500-30,000
 * users on two cores the ramp's connect storm decides the whole run's p99.
 *
 * <h2>wss://</h2>
 * Users connect through an {@link io.throng.load.tls.TlsWire} (state {@code TLS} between the TCP connect and the
 * upgrade, within the same connect timeout); the report adds TCP connect and TLS handshake times apart, and
 * failed handshakes by reason, each also the error {@code tls}.
 */
package io.throng.load.chat;
