package io.throng.mongrel.handler;

import io.throng.mongrel.wire.Credits;
import io.throng.mongrel.wire.Disconnect;
import io.throng.mongrel.wire.Request;

/**
 * Application logic behind a Mongrel2-style server. The same handler runs in-process or over ZeroMQ;
 * {@link Handlers#start} picks the transport from configuration. Each call runs on its own virtual
 * thread, so blocking is fine.
 *
 * <p>A handler answers through {@link Responder} whenever it likes — at once, later, from another
 * thread, or to many connections at a time. Requests from one connection arrive in order, one after the
 * other; notices ({@link Disconnect}, {@link Credits}) are not queued behind them.
 */
@FunctionalInterface
public interface Handler {

    /** An HTTP request, WebSocket handshake or WebSocket frame (see {@link Request#method()}). */
    void handle(Request request, Responder out) throws Exception;

    /** The client of {@code notice.connectionId()} is gone; may repeat, may follow a reply. */
    default void disconnected(Disconnect notice, Responder out) throws Exception {}

    /** Flow-control mode: the server grants more download credits for a connection. */
    default void credits(Credits notice, Responder out) throws Exception {}
}
