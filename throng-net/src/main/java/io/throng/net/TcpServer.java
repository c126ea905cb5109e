package io.throng.net;

import io.throng.net.engine.TlsTransport;
import io.throng.net.engine.Transport;
import io.throng.net.epoll.EpollListener;
import io.throng.net.epoll.EpollSocket;
import io.throng.net.epoll.Pollers;
import io.throng.net.nio.NioTransport;
import io.throng.net.nio.Poller;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
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
 * arrive a virtual thread runs {@link Protocol#serve} (at once, for a protocol that
 * {@linkplain Protocol#speaksFirst() speaks first}); when that returns {@code true} the connection
 * goes back to idle with no thread and no buffer. One {@link Deadlines} sweeper enforces every
 * timeout.
 *
 * <p>Two engines ({@link Engine}) share this life: on NIO the listener is a {@code ServerSocketChannel}
 * and cold connections wait on the selector threads ({@link Poller}); on epoll the listener and the
 * sockets are raw descriptors, each socket registered once with {@link Pollers}, and a cold connection
 * is one with no thread whose next edge starts one. Each connection gets its engine's transport
 * ({@link NioTransport} or {@link EpollSocket}); past the accept loop the server does not tell them apart.
 *
 * <p>{@link #shutdown(Duration)} stops accepting, closes idle connections, lets busy ones finish
 * (protocols see {@link Connection#draining()} and close after the current exchange) and force-closes
 * whatever is left when the grace period ends.
 *
 * <p>TLS ({@link ServerOptions#tls()} set): each connection's transport is wrapped once, at accept, in a
 * {@link TlsTransport}, and the protocol in a {@link TlsProtocol} that runs the handshake on the
 * connection's first wake under its deadline. Idle TLS connections never keep a thread (on NIO they
 * go cold like any connection beyond the idle-thread slots): a thread parked in a read would hold a
 * record buffer. A plain server builds neither, and its connections pay nothing for TLS.
 */
public final class TcpServer implements AutoCloseable {
    private static final Duration FIRST_REQUEST_WINDOW = Duration.ofMillis(500);
    /** Starts the thread of each woken connection; thread-safe, and made once rather than a builder per start. */
    private static final java.util.concurrent.ThreadFactory WORKERS = Thread.ofVirtual().factory();
    private final ServerOptions options;
    private final Protocol protocol;
    /** Serve at accept instead of at the first bytes ({@link Protocol#speaksFirst()}; never under TLS). */
    private final boolean speaksFirst;
    /** NIO engine: the listener and the selector threads of cold connections; else null. */
    private final ServerSocketChannel listener;
    private final Poller[] pollers;
    /** Epoll engine: the listener and the epoll sets; else null. */
    private final EpollListener epollListener;
    private final Pollers epollPollers;
    private final Deadlines deadlines;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    /** Idle connections that may keep their thread: {@link ServerOptions#idleThreads()} on NIO, none on epoll. */
    private final int idleThreadSlots;
    private final AtomicInteger idleThreads = new AtomicInteger();
    private final Thread acceptor;
    private final Object drained = new Object();
    private volatile boolean draining;
    private volatile boolean stopped;
    private int next;
    private final int boundPort;
    /** Metrics and JFR events of this server's connections. */
    final ConnectionEvents events;

    private TcpServer(ServerOptions options, Protocol protocol) throws IOException {
        this.options = options;
        this.protocol = options.tls() != null ? new TlsProtocol(protocol, options.tls()) : protocol;
        this.speaksFirst = this.protocol.speaksFirst();
        this.events = new ConnectionEvents(this.protocol.name(), options.engine());
        // On epoll going cold and waking cost no system call: a parked idle thread would save nothing.
        this.idleThreadSlots = options.engine() == Engine.EPOLL || options.tls() != null ? 0 : options.idleThreads();
        int port;
        if (options.engine() == Engine.EPOLL) {
            this.listener = null;
            this.pollers = new Poller[0];
            this.epollPollers = Pollers.start(options.pollers(), "throng-epoll");
            try {
                this.epollListener = EpollListener.open(options.host(), options.port(), options.reusePort(),
                        options.backlog(), epollPollers);
            } catch (IOException | RuntimeException e) {
                stopPollers(epollPollers);
                throw e;
            }
            port = epollListener.port();
        } else {
            this.epollListener = null;
            this.epollPollers = null;
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
            port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            this.pollers = new Poller[options.pollers()];
            for (int i = 0; i < pollers.length; i++) {
                pollers[i] = new Poller("throng-poller-" + port + "-" + i);
            }
        }
        this.boundPort = port;
        this.deadlines = new Deadlines(connections, options.tick().toMillis(), "throng-deadlines-" + port);
        this.acceptor = Thread.ofPlatform().name("throng-accept-" + port)
                .unstarted(epollListener != null ? () -> acceptLoop(new EpollDoorman()) : () -> acceptLoop(new NioDoorman()));
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

    /** Connections a thread serves right now; the others are idle, most with no thread (cold). */
    public int activeConnections() {
        int n = 0;
        for (Connection c : connections) {
            if (c.state == Connection.ACTIVE) {
                n++;
            }
        }
        return n;
    }

    /** The epoll engine's sets and their sub-pollers' state, for the engine tests; empty on NIO. */
    java.util.List<Pollers.SetState> epollSets() {
        return epollPollers != null ? epollPollers.states() : java.util.List.of();
    }

    public boolean draining() {
        return draining;
    }

    /** One engine's side of the accept loop: how to take, admit and refuse a socket of type {@code S}. */
    private interface Doorman<S> {
        /** The next socket, or null to try again; ClosedChannelException once the listener is closed. */
        S accept() throws IOException;

        /** Makes the connection of a socket within the limit; the loop closes the socket if this throws. */
        void admit(S socket, Duration firstBytes) throws IOException;

        /** Tells a socket beyond the limit why, and closes it. */
        void refuse(S socket);

        void close(S socket);
    }

    /** The NIO engine's side: JDK channels, and a virtual thread that waits for the first bytes. */
    private final class NioDoorman implements Doorman<SocketChannel> {
        @Override
        public SocketChannel accept() throws IOException {
            SocketChannel ch = listener.accept();
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                closeQuietly(ch);
                return null;
            }
            return ch;
        }

        @Override
        public void admit(SocketChannel ch, Duration firstBytes) throws IOException {
            ch.configureBlocking(true);
            Connection c = new Connection(secured(new NioTransport(ch, pollers[next++ % pollers.length])), TcpServer.this);
            connections.add(c);
            Thread.ofVirtual().start(() -> runNew(c, firstBytes));
        }

        @Override
        public void refuse(SocketChannel ch) {
            tellRefused(words -> {
                ch.configureBlocking(false);
                ch.write(words);
            });
            closeQuietly(ch);
        }

        @Override
        public void close(SocketChannel ch) {
            closeQuietly(ch);
        }
    }

    /** The epoll engine's side: raw descriptors, and no thread until the first bytes. */
    private final class EpollDoorman implements Doorman<EpollSocket> {
        @Override
        public EpollSocket accept() throws IOException {
            return epollListener.accept();
        }

        @Override
        public void admit(EpollSocket s, Duration firstBytes) {
            Connection c = new Connection(secured(s), TcpServer.this);
            connections.add(c);
            if (!speaksFirst) {
                c.awaitFirstBytes(firstBytes);
            } else if (c.activate()) {
                serveWoken(c);
            }
        }

        @Override
        public void refuse(EpollSocket s) {
            tellRefused(s::writeNow);
            s.close();
        }

        @Override
        public void close(EpollSocket s) {
            s.close();
        }
    }

    /** How long a TLS connection's last records (an alert, close_notify) may take to go out: the handshake timeout. */
    Duration finalRecordsTimeout() {
        return options.tls().config().handshakeTimeout();
    }

    /** The engine's transport, under TLS if the server speaks it. */
    private Transport secured(Transport t) {
        return options.tls() != null ? new TlsTransport(t, options.tls().newServerEngine()) : t;
    }

    /** Accepts until draining or closed; connections beyond the limit are refused at once. */
    private <S> void acceptLoop(Doorman<S> door) {
        Duration first = protocol.firstBytesTimeout();
        Duration firstBytes = first != null ? first : options.idleTimeout();
        try {
            while (!draining) {
                S s;
                try {
                    s = door.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    if (!backOff(e)) {
                        return;
                    }
                    continue;
                }
                if (s == null) {
                    continue;
                }
                if (count.incrementAndGet() > options.maxConnections()) {
                    count.decrementAndGet();
                    door.refuse(s);
                    continue;
                }
                try {
                    door.admit(s, firstBytes);
                } catch (IOException | RuntimeException e) {
                    count.decrementAndGet();
                    door.close(s);
                }
            }
        } finally {
            if (epollListener != null) {
                epollListener.close(); // the accepting thread frees the descriptor, so never under its accept4
            }
        }
    }

    /**
     * After a failed accept (typically EMFILE): says so, then waits briefly instead of spinning, and the
     * loop keeps serving. False if interrupted meanwhile.
     */
    private static boolean backOff(IOException e) {
        System.err.println("throng: accept failed: " + e.getMessage());
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException ie) {
            return false;
        }
    }

    /** One write that does not wait. */
    private interface WriteNow {
        void write(ByteBuffer bytes) throws IOException;
    }

    /**
     * Tells a connection beyond the limit the protocol's words, if it has any, with a write that does not
     * wait: a full send buffer only shortens them. The caller closes the connection afterwards.
     */
    private void tellRefused(WriteNow write) {
        byte[] words = protocol.refusal();
        if (words == null) {
            return;
        }
        try {
            write.write(ByteBuffer.wrap(words));
        } catch (IOException ignored) {
            // The refusal is a courtesy; the close is what matters.
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    /**
     * Serves a cold connection the poller found readable (and the wake-up made active). This is a thread
     * start per request on a keep-alive connection, so it allocates only the thread: the factory is made
     * once and the task is the connection's own.
     */
    void serveWoken(Connection c) {
        WORKERS.newThread(c.serveTask).start();
    }

    /**
     * A new connection: its thread waits for the first bytes like for any next request, or serves at once
     * if the protocol speaks first.
     */
    private void runNew(Connection c, Duration firstBytes) {
        if (speaksFirst ? c.activate() : c.idle(firstBytes)) {
            serve(c);
        }
    }

    /** Runs the protocol for as long as the connection stays hot. */
    void serve(Connection c) {
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
            if (c.handedOff) {
                c.worker = null;
                return; // its new owner closes it
            }
            if (!keep || !c.isOpen()) {
                c.close();
                return;
            }
        } while (c.idle(options.idleTimeout()));
    }

    /** Claims one of the idle-thread slots; false when all are taken. */
    boolean takeIdleThread() {
        if (idleThreadSlots == 0) {
            return false;
        }
        if (idleThreads.incrementAndGet() > idleThreadSlots) {
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
        if (epollListener != null) {
            epollListener.shutdown(); // the accept thread wakes and closes it
        } else {
            try {
                listener.close();
            } catch (IOException ignored) {
                // Already closed.
            }
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
        if (epollPollers != null) {
            stopPollers(epollPollers);
        }
    }

    private static void stopPollers(Pollers p) {
        try {
            p.stop();
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
