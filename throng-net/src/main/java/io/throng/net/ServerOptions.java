package io.throng.net;

import io.throng.net.tls.TlsContext;
import java.time.Duration;

/**
 * How a {@link TcpServer} listens and when it gives up on a connection.
 *
 * @param host address to bind, for example {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port port to bind; 0 picks a free one
 * @param reusePort set {@code SO_REUSEPORT} so that several processes can share the port
 * @param backlog listen queue length
 * @param maxConnections connections beyond this are refused through {@link Protocol#refuse}
 * @param idleTimeout how long an idle connection may wait for its next bytes
 * @param pollers NIO: selector threads watching the cold connections (idle, with no thread); epoll: epoll
 *     sets, each with its sub-poller
 * @param tick resolution of the deadline sweeper
 * @param idleThreads NIO engine only: how many idle connections keep their virtual thread parked in a
 *     read (about 4 KB of heap each) so that their next request skips the selector; the others go cold
 *     (under 1 KB). On the epoll engine every idle connection is cold, which costs no system call.
 * @param engine how the server waits for its sockets ({@link Engine#byDefault()} unless set)
 * @param tls null for plain TCP; else every accepted connection speaks TLS with this context's setup in
 *     force (its handshake timeout bounds each handshake, and idle TLS connections never keep a thread)
 */
public record ServerOptions(String host, int port, boolean reusePort, int backlog, int maxConnections,
                            Duration idleTimeout, int pollers, Duration tick, int idleThreads, Engine engine,
                            TlsContext tls) {

    public ServerOptions {
        java.util.Objects.requireNonNull(engine, "engine");
        if (port < 0 || port > 65535 || backlog < 1 || maxConnections < 1 || pollers < 1 || idleThreads < 0) {
            throw new IllegalArgumentException("invalid server options");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /**
     * Loopback or any address, sensible limits: 60 s idle, 100 ms tick, one poller per core, 4,096
     * idle threads (16 MB of heap at most).
     */
    public static ServerOptions of(String host, int port) {
        return new ServerOptions(host, port, false, 4096, 18_000, Duration.ofSeconds(60),
                Math.max(1, Runtime.getRuntime().availableProcessors()), Duration.ofMillis(100), 4096,
                Engine.byDefault(), null);
    }

    public ServerOptions withReusePort(boolean value) {
        return new ServerOptions(host, port, value, backlog, maxConnections, idleTimeout, pollers, tick, idleThreads, engine, tls);
    }

    public ServerOptions withMaxConnections(int value) {
        return new ServerOptions(host, port, reusePort, backlog, value, idleTimeout, pollers, tick, idleThreads, engine, tls);
    }

    public ServerOptions withIdleTimeout(Duration value) {
        return new ServerOptions(host, port, reusePort, backlog, maxConnections, value, pollers, tick, idleThreads, engine, tls);
    }

    public ServerOptions withTick(Duration value) {
        return new ServerOptions(host, port, reusePort, backlog, maxConnections, idleTimeout, pollers, value, idleThreads, engine, tls);
    }

    public ServerOptions withPollers(int value) {
        return new ServerOptions(host, port, reusePort, backlog, maxConnections, idleTimeout, value, tick, idleThreads, engine, tls);
    }

    public ServerOptions withEngine(Engine value) {
        return new ServerOptions(host, port, reusePort, backlog, maxConnections, idleTimeout, pollers, tick, idleThreads, value, tls);
    }

    /** Serves TLS on every connection with {@code value}'s setup in force; null for plain TCP. */
    public ServerOptions withTls(TlsContext value) {
        return new ServerOptions(host, port, reusePort, backlog, maxConnections, idleTimeout, pollers, tick, idleThreads, engine, value);
    }

    public ServerOptions withIdleThreads(int value) {
        return new ServerOptions(host, port, reusePort, backlog, maxConnections, idleTimeout, pollers, tick, value, engine, tls);
    }
}
