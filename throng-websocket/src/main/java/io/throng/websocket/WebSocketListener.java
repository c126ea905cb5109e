package io.throng.websocket;

import java.nio.ByteBuffer;

/**
 * The application's side of a connection. Every method is called on the connection's reader thread,
 * one at a time and in arrival order; while one runs, the connection reads nothing more, which is the
 * inbound backpressure (TCP's window then slows the peer). Sending from a callback never blocks.
 *
 * <p>Pings are answered and close frames echoed by the engine before {@link #onPing} and
 * {@link #onClose} are called. An exception thrown from a callback fails the connection with 1011.
 */
public interface WebSocketListener {
    /** The connection is open; called before any message. */
    default void onOpen(WebSocket ws) {}

    default void onText(WebSocket ws, String text) {}

    /** {@code data} belongs to the listener. */
    default void onBinary(WebSocket ws, ByteBuffer data) {}

    default void onPing(WebSocket ws, ByteBuffer payload) {}

    default void onPong(WebSocket ws, ByteBuffer payload) {}

    /**
     * Called exactly once, when the connection is closed and its threads are done with it.
     *
     * @param code the peer's close code; 1005 if its close frame had none; 1006 if no close frame came
     *     (the peer vanished, liveness gave up, the close handshake timed out, or we failed the connection
     *     and the peer never answered)
     */
    default void onClose(WebSocket ws, int code, String reason) {}

    /** An unexpected failure (an I/O error or a callback's exception); {@link #onClose} still follows. */
    default void onError(WebSocket ws, Throwable error) {}
}
