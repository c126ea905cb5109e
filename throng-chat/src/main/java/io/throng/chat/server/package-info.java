/**
 * The chat server, assembled: the one place that knows how store, service, cluster link, web layer
 * and HTTP server fit together, and in which order they stop. {@code throng chat} and the test
 * fixtures only choose {@link io.throng.chat.server.ChatServerOptions} and a role.
 *
 * <p>The store: {@code Stores} opens the history and the accounts from
 * {@link io.throng.chat.server.ChatServerOptions#store}: nothing means the SQLite file in the data
 * directory (the embedded default, unchanged); a PostgreSQL URL means that database holds both, in
 * every role (single process, the {@code --workers} master's room service, each worker's accounts).
 * {@link io.throng.chat.server.StoreMigration} copies a SQLite chat into PostgreSQL
 * ({@code throng chat migrate}). No password leaves {@code ChatServerOptions}: summaries and errors
 * show {@link io.throng.chat.server.ChatServerOptions#storeShown()}.
 *
 * <ul>
 *   <li>Single process, {@link io.throng.chat.server.ChatServer#start}: store → service (with its
 *       sweeper) → web → HTTP server. Stops: service (rooms commit what they hold, streams end with
 *       {@code shutting_down}), web, server drain, store (its writer commits its queue).</li>
 *   <li>Pre-fork master, {@link io.throng.chat.server.ChatServer#master}: store → service → room
 *       service hub; runs the workers and, once they drained, stops service, hub, store.</li>
 *   <li>Worker, {@link io.throng.chat.server.ChatServer#worker}: link to the room service → web → HTTP
 *       server on the shared port (SO_REUSEPORT) and a loopback relay listener. Stops: link (its
 *       connections end with {@code shutting_down}; their sessions stay resumable in the room
 *       service), web, relay listener, server.</li>
 * </ul>
 *
 * <p>TLS: {@link io.throng.chat.server.ChatServerOptions#tls} serves the clients' server (single process,
 * workers) as HTTPS and WSS, with HSTS on its responses; a worker's loopback relay listener and the
 * master's room service stay plain (they never leave the machine). Reloading the certificate is the
 * caller's, through the {@code TlsContext} it passed.
 *
 * <p>Invariant: the history is closed last, after everything that could still hand it a message.
 * Signals, the start-up line and error messages are the caller's: this package opens and closes.
 */
package io.throng.chat.server;
