package io.throng.mongrel.zmtp;

import io.throng.net.ByteStream;
import io.throng.net.Connection;
import io.throng.net.Protocol;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A bound ZMTP socket's listener on throng-net: every accepted connection is greeted at once (ZMTP
 * speaks first on both sides), shakes hands under a deadline, and is then handed off to its {@link
 * Session}, which keeps the connection's virtual thread to read the peer for as long as it stays.
 */
final class Listener implements AutoCloseable {

    /** How long a peer has to greet and say READY (libzmq's handshake interval, as the ZeroMQ engines set it). */
    static final Duration HANDSHAKE = Duration.ofSeconds(2);

    /** What a socket does with a peer whose handshake completed; runs on the connection's thread. */
    interface Session {
        /**
         * Serves the peer; {@code stream} is the peer's connection and {@code in} reads its frames, with
         * what the handshake read past READY kept. The session closes the stream when it is done with the
         * peer (which ends the connection), maybe on another thread after this call returned; if this
         * call throws, the listener closes it.
         */
        void run(Handshake.Peer peer, ByteStream stream, FrameReader in) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(Listener.class.getName());
    private final TcpServer server;

    private Listener(TcpServer server) {
        this.server = server;
    }

    /**
     * Binds {@code endpoint} ({@code tcp://HOST:PORT}; {@code *} is every address) for a socket of
     * type {@code ours}; frames over {@code maxFrameBytes} end their peer's connection.
     */
    static Listener bind(String endpoint, SocketType ours, long maxFrameBytes, Session session) throws IOException {
        URI uri = parse(endpoint);
        String host = uri.getHost();
        ServerOptions options = ServerOptions.of(host, uri.getPort()).withPollers(1)
                .withIdleTimeout(HANDSHAKE.multipliedBy(5));
        return new Listener(TcpServer.start(options, new Protocol() {
            @Override
            public boolean serve(Connection c) throws IOException {
                try {
                    c.deadline(HANDSHAKE);
                    Reads reads = new Reads(c);
                    FrameReader in = new FrameReader(reads, maxFrameBytes, 16 * 1024);
                    Handshake.Peer peer = Handshake.run(ours, in, c::write);
                    c.clearDeadline();
                    ByteStream stream = c.handOff();
                    reads.stream = stream;
                    try {
                        session.run(peer, stream, in);
                    } catch (IOException | RuntimeException e) {
                        stream.close();
                        throw e;
                    }
                } catch (ZmtpException e) {
                    // A peer that broke the protocol: say why, since nothing else will (the close is silent).
                    LOG.log(System.Logger.Level.WARNING, "zmtp " + ours + " " + endpoint + ": closed "
                            + c.remoteAddress() + ": " + e.getMessage());
                }
                return false;
            }

            @Override
            public boolean speaksFirst() {
                return true;
            }

            @Override
            public String name() {
                return "zmtp";
            }
        }));
    }

    /** Reads through the connection during the handshake, through its handed-off stream after. */
    private static final class Reads implements FrameReader.Source {
        private final Connection connection;
        volatile ByteStream stream;

        Reads(Connection connection) {
            this.connection = connection;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            ByteStream s = stream;
            return s != null ? s.read(dst) : connection.read(dst);
        }
    }

    private static URI parse(String endpoint) {
        // "*" is not a host a URI accepts: stand in for it while parsing.
        URI uri = URI.create(endpoint.replace("//*:", "//0.0.0.0:"));
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("the zmtp engine binds tcp://HOST:PORT only, not " + endpoint);
        }
        return uri;
    }

    int port() {
        return server.port();
    }

    /** Connections open now, handshaking or handed off. */
    int connections() {
        return server.connectionCount();
    }

    @Override
    public void close() {
        server.close();
    }
}
