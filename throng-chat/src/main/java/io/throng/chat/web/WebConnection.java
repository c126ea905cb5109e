package io.throng.chat.web;

import io.throng.chat.protocol.Frame;
import io.throng.chat.service.Connection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One chat {@link Connection} carried by a series of HTTP requests that name it by {@link #id}: an SSE
 * stream or long polls to read, POSTs to write. At most one reader at a time ({@link #reader}); the
 * last long-poll batch is kept until the client asks for the next one, so a poll response lost on the
 * way is sent again instead of silently dropped.
 */
final class WebConnection {
    final String id;
    final Transport transport;
    final Connection chat;
    /** Held by the request that reads the outbox now (an SSE stream or a long poll). */
    final ReentrantLock reader = new ReentrantLock();
    /** Guarded by {@link #reader}: the number and frames of the last long-poll answer. */
    long batch;
    List<Frame> lastBatch = List.of();
    /** When a request last touched this connection, in nanoTime; the reaper closes idle ones. */
    private volatile long lastSeen = System.nanoTime();

    WebConnection(String id, Transport transport, Connection chat) {
        this.id = id;
        this.transport = transport;
        this.chat = chat;
    }

    void touch() {
        lastSeen = System.nanoTime();
    }

    long idleNanos() {
        return reader.isLocked() ? 0 : System.nanoTime() - lastSeen;
    }
}
