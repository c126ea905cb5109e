/**
 * The TCP server core every Throng protocol reuses, and its TLS layer. Depends on the JDK, and on
 * Bouncy Castle for reading PEM keys and making self-signed certificates (never as a crypto provider).
 *
 * <p>The epoll engine calls libc through FFM: on the module path grant it native access with
 * {@code --enable-native-access=io.throng.net} (on the class path, as the CLI and the tests run,
 * {@code ALL-UNNAMED}).
 */
module io.throng.net {
    requires java.management; // Prefork passes its own JVM options on to its workers
    requires jdk.unsupported; // Signals: sun.misc.Signal for SIGTERM/SIGINT
    requires org.bouncycastle.pkix; // PEM parsing, certificate building for the self-signed mode
    requires org.bouncycastle.provider;
    requires transitive io.throng.channels; // TimerSource: the codec's read timeouts take one
    requires jdk.jfr; // ConnectionEvents: throng.ConnectionAccepted and throng.ConnectionClosed
    // Every module above counts with the same Prometheus library and the default registry.
    requires transitive io.prometheus.metrics.core;
    requires transitive io.prometheus.metrics.model; // PrometheusRegistry

    // TcpServer, Protocol, Connection, ServerOptions, Engine, ByteStream, MemoryStream, Prefork, Signals: write a protocol.
    exports io.throng.net;
    // TlsCertificate, TlsConfig, TlsContext, TlsStream: serve TLS with the JDK's SSLEngine.
    exports io.throng.net.tls;
    // Framing, FrameReader, FrameWriter, the framings, TNetstrings: frame bytes over a ByteStream.
    exports io.throng.net.codec;
    // UdpSocket, DatagramServer: UDP and multicast on virtual threads.
    exports io.throng.net.udp;
    // TcpClient, ReconnectingClient: the client side of TCP.
    exports io.throng.net.client;
    // io.throng.net.engine (the per-engine Transport), .nio and .epoll stay inside: TcpServer picks
    // an engine through Engine.
}
