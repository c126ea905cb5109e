package io.throng.http;

import io.throng.net.Connection;
import java.nio.ByteBuffer;

/**
 * The raw connection after a {@code 101 Switching Protocols}: the new protocol (WebSocket, later) reads
 * and writes it directly on the handler's thread. {@code leftover} holds bytes the client sent after
 * the upgrade request that the HTTP engine had already read. The connection is closed when the handler
 * returns.
 */
public record Upgraded(Connection connection, ByteBuffer leftover) {}
