package io.throng.mongrel.ports;

import io.throng.mongrel.wire.Inbound;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.zmq.ZmqContext;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The server's end of one handler route, as Mongrel2 has it: binds PUSH on {@code send_spec} (requests
 * out, round-robin over connected handlers) and SUB on {@code recv_spec} (replies in, filtered by the
 * subscription prefix). Any handler that speaks Mongrel2's protocol can connect, in any language.
 *
 * <p>Two implementations, by {@link Options#engine()}: {@link ZmtpPort} (zmtp and auto, the default), which
 * speaks ZMTP itself on throng-net: requests are written to a handler's connection by the thread that sends
 * them, and replies are read by a virtual thread per handler connection; and {@link ZeroMqPort} on the ZeroMQ
 * library named (libzmq or JeroMQ, with its I/O thread between the gateway and the handlers).
 *
 * <p>Differences from Mongrel2, on purpose: the SUB side's high-water mark is unbounded by default so
 * replies are not dropped, and PUSH is {@code immediate}, so requests never wait in a pipe to a handler
 * that has not finished connecting.
 */
public sealed interface HandlerPort extends AutoCloseable permits ZeroMqPort, ZmtpPort {

    /**
     * @param sendHighWater    requests buffered per connected handler before the sender waits
     * @param receiveHighWater replies buffered from handlers; 0 means unbounded (never drop); the zmtp
     *                         engine buffers none (each handler connection is read as replies are handled)
     * @param queueCapacity    requests queued while no handler can take them
     */
    record Options(int sendHighWater, int receiveHighWater, int queueCapacity, long maxReplyBytes,
                   ZmqContext.Engine engine) {
        /** The defaults, with the engine the system property {@code throng.zeromq} names (else auto). */
        public static final Options DEFAULTS = new Options(1_000, 0, 10_000, 64L << 20, ZmqContext.Engine.configured());

        public Options withEngine(ZmqContext.Engine engine) {
            return new Options(sendHighWater, receiveHighWater, queueCapacity, maxReplyBytes, engine);
        }
    }

    /**
     * Binds both sockets and starts the threads; returns once both are bound.
     *
     * @param subscription reply prefix to accept (Mongrel2's {@code recv_ident}); empty accepts all
     * @param onReply      called for every reply on a receive thread (the zmtp engine: on the thread of
     *                     the handler connection it came from, so concurrently); must be thread-safe and
     *                     not block for long (or block inside {@link #writing()})
     */
    static HandlerPort bind(String requests, String replies, String subscription, Consumer<Outbound> onReply,
                            Options options) throws InterruptedException {
        if (options.engine() == ZmqContext.Engine.ZMTP || options.engine() == ZmqContext.Engine.AUTO) {
            return ZmtpPort.bind(requests, replies, subscription, onReply, options);
        }
        return ZeroMqPort.bind(requests, replies, subscription, onReply, options);
    }

    /** Ends a {@link #writing()} section. */
    interface Writing extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens a section in which the reply consumer may block on a client (a write to its socket): use as
     * {@code try (var w = HandlerPort.writing()) { channel.write(...); }}. On a receive thread the port
     * then lets another thread go on receiving, so one slow client does not hold up the replies to the
     * others; on any other thread it does nothing.
     */
    static Writing writing() {
        ZmtpPort.handOver();
        return ZeroMqPort.writing();
    }

    /** The engine in use, e.g. {@code libzmq 4.3.4}, {@code jeromq} or {@code zmtp}. */
    String engine();

    /** Handlers connected to the request socket right now. */
    int connectedHandlers();

    /** Queues one message for the handlers; blocks while the queue is full. */
    default void send(Inbound message) throws InterruptedException {
        send(message, () -> true);
    }

    /**
     * Queues one message that is withdrawn if {@code wanted} turns false before a handler takes it (its
     * client left, or it grew stale). {@code wanted} runs on the sending thread and must be cheap. Once
     * a handler's connection has the message it cannot be withdrawn: only the handler can drop it, on the
     * disconnect notice.
     */
    void send(Inbound message, BooleanSupplier wanted) throws InterruptedException;

    /**
     * {@link #send(Inbound, BooleanSupplier)} for a message already encoded (the gateway writes its
     * requests straight to bytes, {@code RequestEncoder}); {@code bytes} must be one whole message.
     */
    void send(byte[] bytes, BooleanSupplier wanted) throws InterruptedException;

    /** Queues a message if there is room at once; for notices sent from threads that must not block. */
    boolean trySend(Inbound message);

    /** Messages withdrawn before a handler took them. */
    long withdrawn();

    /** Receivers replaced because a reply consumer blocked (a client not reading); for tests and stats. */
    long takeovers();

    /** Waits until at least {@code n} handlers are connected. */
    default boolean awaitHandlers(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connectedHandlers() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10); // polling a counter, not synchronising with a peer
        }
        return true;
    }

    @Override
    void close();
}
