package io.throng.http;

import io.throng.websocket.Role;
import io.throng.websocket.ServerHandshake;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketConfig;
import io.throng.websocket.WebSocketListener;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A router handler that upgrades requests to WebSocket and runs each connection on the {@code
 * throng-websocket} engine: {@code router.get("/chat", new WebSocketRoute(ChatListener::new))}.
 *
 * <p>The opening handshake is negotiated by {@link ServerHandshake} (subprotocols, permessage-deflate,
 * origin); a refusal is an ordinary HTTP answer (400, 403, 405 or 426). On success the 101 goes out
 * through {@link Response#upgrade}, the socket is {@linkplain io.throng.net.Connection#handOff() handed
 * off} to the WebSocket and this handler returns: the HTTP server releases its buffers and thread but
 * keeps counting the connection (its graceful shutdown still closes it) until the WebSocket closes it.
 * On the epoll engine an idle WebSocket then holds no thread and no buffer (its reader waits with
 * {@link io.throng.net.ByteStream#whenReadable}); on the NIO engine or over TLS its reader stays parked.
 */
public final class WebSocketRoute implements Handler {
    private final ServerHandshake.Options options;
    private final WebSocketConfig config;
    private final Supplier<? extends WebSocketListener> listeners;

    /** @param listeners makes the listener of each new connection (one per connection, or a shared one) */
    public WebSocketRoute(ServerHandshake.Options options, WebSocketConfig config,
                          Supplier<? extends WebSocketListener> listeners) {
        this.options = Objects.requireNonNull(options);
        this.config = Objects.requireNonNull(config);
        this.listeners = Objects.requireNonNull(listeners);
    }

    /** Default handshake options (no subprotocol, no compression, any origin) and connection limits. */
    public WebSocketRoute(Supplier<? extends WebSocketListener> listeners) {
        this(ServerHandshake.Options.DEFAULTS, WebSocketConfig.DEFAULTS, listeners);
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        ServerHandshake.Result result = ServerHandshake.negotiate(req.method(), name -> combined(req, name), options);
        switch (result) {
            case ServerHandshake.Rejected rejected -> {
                rejected.fields().forEach(res::header);
                res.send(rejected.status(), rejected.reason() + "\n");
            }
            case ServerHandshake.Accepted accepted -> {
                accepted.fields().forEach((name, value) -> {
                    // Response.upgrade writes Upgrade and Connection itself.
                    if (!name.equalsIgnoreCase("Upgrade") && !name.equalsIgnoreCase("Connection")) {
                        res.header(name, value);
                    }
                });
                Upgraded upgraded = res.upgrade("websocket");
                // Handed off, not detached: this request's thread (and the HTTP buffers it borrowed) can go;
                // the WebSocket closes the connection when it ends, and its reader holds no thread while idle.
                io.throng.net.ByteStream socket = upgraded.connection().handOff();
                WebSocket.start(socket, Role.SERVER, accepted.negotiated(), config, upgraded.leftover(),
                        listeners.get());
            }
        }
    }

    /** A request field's values joined with commas, as RFC 9110 combines repeated fields; null if absent. */
    private static String combined(Request req, String name) {
        List<String> values = req.headers().all(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }
}
