package io.throng.websocket;

import java.time.Duration;

/**
 * Limits and timers of a connection. Immutable; start from {@link #DEFAULTS} and change what differs.
 *
 * @param maxMessageSize largest inbound message (after inflating), bytes; larger fails with 1009
 * @param fragmentSize outbound messages longer than this are sent as several frames
 * @param maxQueuedMessages outbound queue bound in messages (control frames count too)
 * @param maxQueuedBytes outbound queue bound in encoded bytes; one message larger than this is still
 *     accepted into an empty queue, so any message up to the peer's limit can be sent
 * @param overflowPolicy what a data send does when either bound is hit
 * @param pingInterval after this long with nothing read, send a ping; after twice this long, declare the
 *     peer dead and drop the connection (half-open detection). Zero disables.
 * @param idleTimeout close with 1001 after this long without a data message either way; zero disables
 * @param closeTimeout how long the close handshake may take before TCP is closed regardless
 * @param readBufferSize most bytes read from the transport at a time; an idle connection holds only 1 KiB
 * @param deflate permessage-deflate willingness, used by the handshakes
 */
public record WebSocketConfig(int maxMessageSize, int fragmentSize, int maxQueuedMessages, long maxQueuedBytes,
                              OverflowPolicy overflowPolicy, Duration pingInterval, Duration idleTimeout,
                              Duration closeTimeout, int readBufferSize, DeflateOptions deflate) {
    public static final WebSocketConfig DEFAULTS = new WebSocketConfig(
            16 * 1024 * 1024 + 1024, Integer.MAX_VALUE, 1024, 4L * 1024 * 1024,
            OverflowPolicy.CLOSE_TRY_AGAIN_LATER, Duration.ofSeconds(30), Duration.ZERO,
            Duration.ofSeconds(5), 16 * 1024, DeflateOptions.DISABLED);

    public WebSocketConfig {
        if (maxMessageSize <= 0 || fragmentSize <= 0 || maxQueuedMessages <= 0 || maxQueuedBytes <= 0 || readBufferSize < 16) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        java.util.Objects.requireNonNull(overflowPolicy);
        java.util.Objects.requireNonNull(deflate);
        if (pingInterval.isNegative() || idleTimeout.isNegative() || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    public WebSocketConfig withMaxMessageSize(int v) {
        return new WebSocketConfig(v, fragmentSize, maxQueuedMessages, maxQueuedBytes, overflowPolicy, pingInterval, idleTimeout, closeTimeout, readBufferSize, deflate);
    }

    public WebSocketConfig withFragmentSize(int v) {
        return new WebSocketConfig(maxMessageSize, v, maxQueuedMessages, maxQueuedBytes, overflowPolicy, pingInterval, idleTimeout, closeTimeout, readBufferSize, deflate);
    }

    public WebSocketConfig withQueueBounds(int messages, long bytes, OverflowPolicy policy) {
        return new WebSocketConfig(maxMessageSize, fragmentSize, messages, bytes, policy, pingInterval, idleTimeout, closeTimeout, readBufferSize, deflate);
    }

    public WebSocketConfig withTimers(Duration ping, Duration idle, Duration close) {
        return new WebSocketConfig(maxMessageSize, fragmentSize, maxQueuedMessages, maxQueuedBytes, overflowPolicy, ping, idle, close, readBufferSize, deflate);
    }

    public WebSocketConfig withDeflate(DeflateOptions v) {
        return new WebSocketConfig(maxMessageSize, fragmentSize, maxQueuedMessages, maxQueuedBytes, overflowPolicy, pingInterval, idleTimeout, closeTimeout, readBufferSize, v);
    }
}
