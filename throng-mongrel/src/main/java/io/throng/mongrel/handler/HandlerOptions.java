package io.throng.mongrel.handler;

import java.time.Duration;

/**
 * Tuning for a running handler. The defaults favour never losing a reply over bounded latency.
 *
 * @param maxInFlight     messages handled at once; when reached, the handler stops taking requests and
 *                        ZeroMQ's PUSH gives them to other handler processes
 * @param sendHighWater   replies ZeroMQ buffers toward the server; past it {@link Responder#send} blocks
 *                        (the PUB socket is set to never drop, unlike ZeroMQ's default)
 * @param receiveHighWater requests buffered from the server before the server's PUSH moves on
 * @param outboxCapacity  replies queued between handler threads and the socket thread
 * @param maxMessageBytes largest request accepted from the wire; larger ones are refused by ZeroMQ
 * @param drainTimeout    how long {@code close()} waits for running handlers and unsent replies
 */
public record HandlerOptions(int maxInFlight, int sendHighWater, int receiveHighWater, int outboxCapacity,
                             long maxMessageBytes, Duration drainTimeout) {

    public static final HandlerOptions DEFAULTS =
            new HandlerOptions(10_000, 100_000, 1_000, 10_000, 64L << 20, Duration.ofSeconds(5));

    public HandlerOptions {
        if (maxInFlight < 1 || sendHighWater < 0 || receiveHighWater < 0 || outboxCapacity < 1 || maxMessageBytes < 1) {
            throw new IllegalArgumentException("invalid handler options");
        }
    }

    public HandlerOptions withSendHighWater(int n) {
        return new HandlerOptions(maxInFlight, n, receiveHighWater, outboxCapacity, maxMessageBytes, drainTimeout);
    }
}
