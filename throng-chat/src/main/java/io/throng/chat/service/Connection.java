package io.throng.chat.service;

/**
 * One transport connection (a WebSocket, or a series of long-poll / SSE requests carrying the same
 * connection id) as a transport sees it: frames in through {@link #receive}, frames out through
 * {@link #outbox()}. {@link ChatBackend#connect()} makes them: served in this process by
 * {@link ChatService}, or forwarded to a room service in another process ({@code --workers}).
 * One transport thread calls {@link #receive} at a time.
 */
public interface Connection {
    /**
     * Handles one client frame; answers (acks, errors, history) and room traffic arrive in the outbox.
     * Never throws for bad input: a client mistake is an error frame.
     */
    void receive(String frame) throws InterruptedException;

    /** The frames to write to the client, in order. Closed when the connection must end. */
    Outbox outbox();

    /** The transport is gone: the session is detached and can be resumed within the session TTL. */
    void close();
}
