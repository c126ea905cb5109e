package io.throng.net;

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
 * @param pollers selector threads watching the cold connections (idle past their linger)
 * @param tick resolution of the deadline sweeper
 * @param linger how long a connection's thread waits for the next request before the connection goes
 *     cold (no thread); zero sends it to the poller at once
 */
public record ServerOptions(String host, int port, boolean reusePort, int backlog, int maxConnections,
                            Duration idleTimeout, int pollers, Duration tick, Duration linger) {

    public ServerOptions {
        if (port < 0 || port > 65535 || backlog < 1 || maxConnections < 1 || pollers < 1) {
            throw new IllegalArgumentException("invalid server options");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || tick.isNegative() || tick.isZero()
                || linger.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive, the linger not negative");
        }
    }

    /** Loopback or any address, sensible limits: 60 s idle, 1 s linger, 100 ms tick, one poller per core. */
    public static ServerOptions of(String host, int port) {
        return new ServerOptions(host, port, false, 4096, 18_000, Duration.ofSeconds(60),
                Math.max(1, Runtime.getRuntime().availableProcessors()), Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    public ServerOptions withReusePort(boolean value) {
        return new ServerOptions(host, port, value, backlog, maxConnections, idleTimeout, pollers, tick, linger);
    }

    public ServerOptions withMaxConnections(int value) {
        return new ServerOptions(host, port, reusePort, backlog, value, idleTimeout, pollers, tick, linger);
    }

    public ServerOptions withIdleTimeout(Duration value) {
        return new ServerOptions(host, port, reusePort, backlog, maxConnections, value, pollers, tick, linger);
    }

    public ServerOptions withTick(Duration value) {
        return new ServerOptions(host, port, reusePort, backlog, maxConnections, idleTimeout, pollers, value, linger);
    }

    public ServerOptions withPollers(int value) {
        return new ServerOptions(host, port, reusePort, backlog, maxConnections, idleTimeout, value, tick, linger);
    }

    public ServerOptions withLinger(Duration value) {
        return new ServerOptions(host, port, reusePort, backlog, maxConnections, idleTimeout, pollers, tick, value);
    }
}
