package io.throng.mongrel.handler;

import io.throng.mongrel.zmq.ZmqContext;
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
 * @param engine          the ZeroMQ engine, chosen as the gateway chooses its own: libzmq when it loads,
 *                        else JeroMQ ({@code auto}), unless the system property {@code throng.zeromq}
 *                        or this option names one
 */
public record HandlerOptions(int maxInFlight, int sendHighWater, int receiveHighWater, int outboxCapacity,
                             long maxMessageBytes, Duration drainTimeout, ZmqContext.Engine engine) {

    public static final HandlerOptions DEFAULTS = new HandlerOptions(10_000, 100_000, 1_000, 10_000, 64L << 20,
            Duration.ofSeconds(5), ZmqContext.Engine.configured());

    /** The options without an engine: the one {@code throng.zeromq} names, else auto. */
    public HandlerOptions(int maxInFlight, int sendHighWater, int receiveHighWater, int outboxCapacity,
                          long maxMessageBytes, Duration drainTimeout) {
        this(maxInFlight, sendHighWater, receiveHighWater, outboxCapacity, maxMessageBytes, drainTimeout,
                ZmqContext.Engine.configured());
    }

    public HandlerOptions {
        if (maxInFlight < 1 || sendHighWater < 0 || receiveHighWater < 0 || outboxCapacity < 1 || maxMessageBytes < 1
                || engine == null) {
            throw new IllegalArgumentException("invalid handler options");
        }
    }

    public HandlerOptions withSendHighWater(int n) {
        return new HandlerOptions(maxInFlight, n, receiveHighWater, outboxCapacity, maxMessageBytes, drainTimeout, engine);
    }

    public HandlerOptions withEngine(ZmqContext.Engine e) {
        return new HandlerOptions(maxInFlight, sendHighWater, receiveHighWater, outboxCapacity, maxMessageBytes, drainTimeout, e);
    }
}
