/**
 * The chat over HTTP: the web page, the WebSocket transport ({@code /ws}, {@link
 * io.throng.chat.web.ChatSocket} on {@code throng-http}'s WebSocketRoute), Server-Sent Events and
 * long-polling transports, {@code /healthz} and {@code /metrics}. {@link io.throng.chat.web.ChatWeb#routes} adds them to a
 * {@link io.throng.http.Router}; the exact endpoints are in {@code docs/chat-protocol.md},
 * "Transports". It serves any {@link io.throng.chat.service.ChatBackend}: the service in process, or a
 * {@code --workers} worker's link to the room service (then {@code /healthz} and {@code /ws} answers
 * name the worker in {@code X-Throng-Worker}).
 *
 * <h2>Shape</h2>
 * Over WebSocket, one socket is one {@link io.throng.chat.service.Connection}: text messages in are
 * client frames; the socket has no thread of its own for the way out: whoever puts frames in the
 * outbox (a room, the socket's reader, the sweeper) is told to ({@code Outbox.onReady}) and moves them
 * on into the socket's own bounded queue, which never blocks, so a room never waits (if that queue
 * overflows the socket closes and the client resumes). The socket's queue is then drained on demand
 * ({@code io.throng.websocket}): a connected, quiet chat user holds no thread of the web layer (on the
 * epoll engine its WebSocket reader lets go while idle; docs/benchmarks.md, memory per chat user). Over
 * plain HTTP, a client opens a <em>web connection</em> ({@code POST /chat/connections}), which is one
 * {@link io.throng.chat.service.Connection} of the service, named by a random id. It then reads server
 * frames with one SSE stream or a series of long polls, and sends each client frame with a POST. The
 * chat session lives above that: when a web connection ends, its session detaches and the client
 * resumes it on a new one (protocol {@code resume}), so a session outlives any transport connection.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>One reader per connection.</b> An SSE stream or a long poll holds the connection's reader
 *       lock; a second reader is refused (409), so frames are never split between two requests.</li>
 *   <li><b>No frame lost silently between HTTP requests.</b> A long-poll answer is numbered
 *       ({@code batch}); the client names the last batch it received in the next poll
 *       ({@code after}), and the server keeps the last answer until then, so an answer lost on the way
 *       is sent again. An SSE stream gives no such receipt: frames written just before a socket dies
 *       may be lost, so the web connection ends with its stream and the client resumes from its last
 *       sequence numbers (the protocol replays or sends a gap).</li>
 *   <li><b>Bounded.</b> Web connections are capped ({@code maxConnections}, 503 beyond); one with no
 *       reader and no request for {@code idleTimeout} is closed by the reaper (its session stays
 *       resumable for the session TTL); request bodies are small (the server's body limit), and
 *       the outbox of each connection is the service's bounded one (slow consumers are dropped).</li>
 *   <li><b>Handlers never hold a lock the rooms need:</b> a reader waits on its outbox, a POST calls
 *       {@link io.throng.chat.service.Connection#receive} and returns.</li>
 * </ul>
 *
 * <h2>Across workers</h2>
 * With {@code --workers}, a web connection lives in the worker that opened it and its id names that
 * worker ({@code W.RANDOM}). The kernel gives each new TCP connection to any worker, so a request for
 * another worker's web connection is handed by {@link io.throng.chat.web.Relay} to that worker's
 * loopback relay listener (found through {@link io.throng.chat.service.ChatBackend#peer}) and its
 * answer streamed back unparsed. A relayed request is never relayed again; an owner that is gone is a
 * 404, as for any unknown connection.
 *
 * <h2>Logins and cross-site requests</h2>
 * {@link io.throng.chat.web.AccountRoutes} serves {@code /api} (register, login, logout, password,
 * session) over {@link io.throng.chat.account.Accounts}. A request's login is its
 * {@code Authorization: Bearer} token or its {@code throng_session} cookie (HttpOnly, SameSite=Strict,
 * Secure over TLS; {@link io.throng.chat.web.Credentials}); the WebSocket upgrade and
 * {@code POST /chat/connections} hand it to {@link io.throng.chat.service.ChatBackend#connect(String)},
 * and the service judges it when the client says hello (protocol version 2), so the web layer never
 * decides who someone is. {@link io.throng.chat.web.CrossSite} refuses cross-site POSTs (login and the
 * other account routes, opening a web connection, posting frames) by {@code Sec-Fetch-Site} and
 * {@code Origin}, with 403. A revoked login's connections close from the service side: the outbox
 * closes with {@code revoked}, and each transport writes that frame last as it does for
 * {@code slow_consumer}.
 *
 * <h2>Origin and metrics</h2>
 * A WebSocket upgrade from a browser page of another origin is refused (403) unless listed in
 * {@code Options.allowedOrigins}: browsers apply no same-origin rule to WebSockets. The writers (the
 * WebSocket's mover, the SSE loop, the long-poll answer) record each live message's time since its
 * commit into the fan-out histogram of {@code /metrics}.
 *
 * <h2>The page</h2>
 * {@code static/index.html}, {@code app.js}, {@code style.css} on the class path, read once. Plain
 * JavaScript with no build step; user text only ever goes through {@code textContent}, and a strict
 * Content-Security-Policy ({@code default-src 'self'}) backs that up. Its transports are a table
 * ({@code transports} in {@code app.js}) tried in order: WebSocket, SSE, long-polling.
 */
package io.throng.chat.web;
