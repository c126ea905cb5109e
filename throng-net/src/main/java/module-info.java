/**
 * The TCP server core every Throng protocol reuses. Depends on the JDK only.
 *
 * <p>The epoll engine calls libc through FFM: on the module path grant it native access with
 * {@code --enable-native-access=io.throng.net} (on the class path, as the CLI and the tests run,
 * {@code ALL-UNNAMED}).
 */
module io.throng.net {
    requires java.management; // Prefork passes its own JVM options on to its workers
    requires jdk.unsupported; // Signals: sun.misc.Signal for SIGTERM/SIGINT

    // TcpServer, Protocol, Connection, ServerOptions, Engine, ByteStream, Prefork: write a protocol.
    exports io.throng.net;
    // io.throng.net.epoll (the FFM epoll engine) stays inside: TcpServer picks it through Engine.
}
