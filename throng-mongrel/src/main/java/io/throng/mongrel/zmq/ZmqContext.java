package io.throng.mongrel.zmq;

import java.util.Locale;
import java.util.Optional;

/**
 * A ZeroMQ context of one engine: it makes sockets and, on {@link #close()}, ends them. Sockets should
 * be closed by their owning thread first; close() then does not wait for stragglers for ever.
 */
public sealed interface ZmqContext extends AutoCloseable permits JeroMqContext, LibZmqContext {

    System.Logger LOG = System.getLogger(ZmqContext.class.getName());

    /** Which implementation to use. */
    enum Engine {
        /**
         * The default. The gateway's handler ports speak ZMTP themselves ({@link #ZMTP}: 1.5× Mongrel2's
         * requests a second against libzmq's 1.25×, docs/gateway.md §7); what needs a ZeroMQ library (the
         * handler SDK, the control port) gets libzmq if it loads, else JeroMQ.
         */
        AUTO,
        /** Debian's libzmq5 through FFM; fails if it does not load. */
        LIBZMQ,
        /** JeroMQ, pure Java. */
        JEROMQ,
        /**
         * The gateway's handler ports speak ZMTP themselves on throng-net ({@code io.throng.mongrel.zmtp}), as
         * {@link #AUTO} has them do; everything else that needs a ZeroMQ library (the handler SDK, the control
         * port) uses {@link #AUTO}'s library.
         */
        ZMTP;

        /** The system property that chooses the engine where no configuration does. */
        public static final String PROPERTY = "throng.zeromq";

        public static Engine parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown ZeroMQ engine '" + name + "' (auto, libzmq, jeromq or zmtp)");
            }
        }

        /** The engine {@link #PROPERTY} names, or {@link #AUTO}. */
        public static Engine configured() {
            return parse(System.getProperty(PROPERTY, "auto"));
        }
    }

    /**
     * Opens a context of {@code engine} ({@link Engine#ZMTP} is a gateway port's engine, not a library's:
     * here it means {@link Engine#AUTO}, whose library is libzmq if it loads, else JeroMQ). JeroMQ gets {@code jeromqIoThreads} I/O threads (its I/O loop
     * is busy, and the gateway spreads it over two); libzmq gets one, as Mongrel2 runs it: its epoll loop
     * sleeps when idle and one keeps up with a loaded gateway.
     */
    static ZmqContext open(Engine engine, int jeromqIoThreads) {
        return open(engine, jeromqIoThreads, LibZmq.failure());
    }

    /** As above, with the library's load failure given; the tests pass one for a missing library. */
    static ZmqContext open(Engine engine, int jeromqIoThreads, Optional<String> libzmqFailure) {
        if (engine == Engine.JEROMQ) {
            return new JeroMqContext(jeromqIoThreads);
        }
        if (libzmqFailure.isEmpty()) {
            return new LibZmqContext();
        }
        if (engine == Engine.LIBZMQ) {
            throw new IllegalStateException("zeromq engine libzmq: " + libzmqFailure.get());
        }
        LOG.log(System.Logger.Level.WARNING, "zeromq engine auto: " + libzmqFailure.get() + "; using JeroMQ");
        return new JeroMqContext(jeromqIoThreads);
    }

    /** The engine in use: {@code libzmq 4.3.4} or {@code jeromq}. */
    String engine();

    ZmqSocket socket(SocketKind kind);

    @Override
    void close();
}
