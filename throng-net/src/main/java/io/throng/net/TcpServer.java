package io.throng.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener that hands readable connections to a {@link Protocol} on virtual threads.
 *
 * <p>Life of a connection: the accept thread takes it (or refuses it beyond
 * {@link ServerOptions#maxConnections()}), registers it idle with one of the pollers; when bytes
 * arrive a virtual thread runs {@link Protocol#serve}; when that returns {@code true} the connection
 * goes back to idle with no thread and no buffer. One {@link Deadlines} sweeper enforces every
 * timeout.
 *
 * <p>{@link #shutdown(Duration)} stops accepting, closes idle connections, lets busy ones finish
 * (protocols see {@link Connection#draining()} and close after the current exchange) and force-closes
 * whatever is left when the grace period ends.
 */
public final class TcpServer implements AutoCloseable {
    private static final Duration FIRST_REQUEST_WINDOW = Duration.ofMillis(500);
    private final ServerOptions options;
    private final Protocol protocol;
    private final ServerSocketChannel listener;
    private final Poller[] pollers;
    private final Deadlines deadlines;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger idleThreads = new AtomicInteger();
    private final Thread acceptor;
    private final Object drained = new Object();
    private volatile boolean draining;
    private volatile boolean stopped;
    private int next;
    private final int boundPort;

    private TcpServer(ServerOptions options, Protocol protocol) throws IOException {
        this.options = options;
        this.protocol = protocol;
        this.listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (options.reusePort()) {
                listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            listener.bind(new InetSocketAddress(options.host(), options.port()), options.backlog());
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        this.boundPort = port;
        this.pollers = new Poller[options.pollers()];
        for (int i = 0; i < pollers.length; i++) {
            pollers[i] = new Poller(this, "throng-poller-" + port + "-" + i);
        }
        this.deadlines = new Deadlines(connections, options.tick().toMillis(), "throng-deadlines-" + port);
        this.acceptor = Thread.ofPlatform().name("throng-accept-" + port).unstarted(this::acceptLoop);
    }

    /** Binds and starts serving; throws if the address cannot be bound. */
    public static TcpServer start(ServerOptions options, Protocol protocol) throws IOException {
        TcpServer s = new TcpServer(options, protocol);
        for (Poller p : s.pollers) {
            p.start();
        }
        s.deadlines.start();
        s.acceptor.start();
        return s;
    }

    /** The bound port (useful when the options asked for port 0). */
    public int port() {
        return boundPort;
    }

    /** Open connections right now, busy or idle. */
    public int connectionCount() {
        return count.get();
    }

    public boolean draining() {
        return draining;
    }

    private void acceptLoop() {
        Duration first = protocol.firstBytesTimeout();
        Duration firstBytes = first != null ? first : options.idleTimeout();
        while (!draining) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Typically EMFILE: back off briefly instead of spinning, then keep serving.
                System.err.println("throng: accept failed: " + e.getMessage());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (count.incrementAndGet() > options.maxConnections()) {
                    count.decrementAndGet();
                    refuse(ch);
                    continue;
                }
                ch.configureBlocking(true);
                Connection c = new Connection(ch, pollers[next++ % pollers.length], this);
                connections.add(c);
                Thread.ofVirtual().start(() -> runNew(c, firstBytes));
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    private void refuse(SocketChannel ch) {
        try {
            protocol.refuse(ch);
        } catch (IOException ignored) {
            // The refusal is a courtesy; the close below is what matters.
        }
        closeQuietly(ch);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    /** Serves a cold connection that has bytes to read; the poller calls this. */
    void spawn(Connection c) {
        Thread.ofVirtual().start(() -> {
            if (c.wake()) {
                serve(c);
            }
        });
    }

    /** A new connection: its thread waits for the first bytes like for any next request. */
    private void runNew(Connection c, Duration firstBytes) {
        if (c.idle(firstBytes)) {
            serve(c);
        }
    }

    /** Runs the protocol for as long as the connection stays hot. */
    private void serve(Connection c) {
        c.worker = Thread.currentThread();
        do {
            c.served = true;
            c.clearDeadline();
            boolean keep = false;
            try {
                keep = protocol.serve(c) && !draining;
            } catch (IOException e) {
                // The peer went away or a deadline passed: closing is the whole answer.
            } catch (Throwable t) {
                System.err.println("throng: protocol failed: " + t);
            }
            if (!keep || !c.isOpen()) {
                c.close();
                return;
            }
        } while (c.idle(options.idleTimeout()));
    }

    /** Claims one of the idle-thread slots; false when all are taken. */
    boolean takeIdleThread() {
        if (idleThreads.incrementAndGet() > options.idleThreads()) {
            idleThreads.decrementAndGet();
            return false;
        }
        return true;
    }

    void returnIdleThread() {
        idleThreads.decrementAndGet();
    }

    void closed(Connection c) {
        if (connections.remove(c)) {
            count.decrementAndGet();
            if (draining) {
                synchronized (drained) {
                    drained.notifyAll();
                }
            }
        }
    }

    /**
     * Stops accepting, lets busy connections finish within {@code grace}, then closes everything.
     *
     * @return true if every connection finished on its own within the grace period
     */
    public boolean shutdown(Duration grace) {
        draining = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        // Idle keep-alive connections close now (clients retry a request that races with that close).
        // A connection that was accepted but not yet served may carry a request in flight: give it
        // a short window to be read, and the sweeper closes it if nothing arrives.
        for (Connection c : connections) {
            if (c.served) {
                c.closeIfIdle();
            } else {
                c.deadline(FIRST_REQUEST_WINDOW);
            }
        }
        long end = System.nanoTime() + grace.toNanos();
        boolean clean = true;
        synchronized (drained) {
            while (count.get() > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    clean = false;
                    break;
                }
                try {
                    drained.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    clean = false;
                    break;
                }
            }
        }
        for (Connection c : connections) {
            Thread w = c.worker;
            c.close();
            if (w != null) {
                w.interrupt();
            }
        }
        stop();
        return clean;
    }

    private void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        deadlines.stop();
        for (Poller p : pollers) {
            p.stop();
        }
        try {
            acceptor.join(1000);
            for (Poller p : pollers) {
                p.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shuts down with no grace period. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
