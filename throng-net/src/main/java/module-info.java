/**
 * The TCP server core every Throng protocol reuses. Depends on the JDK only.
 */
module io.throng.net {
    requires java.management; // Prefork passes its own JVM options on to its workers
    requires jdk.unsupported; // Signals: sun.misc.Signal for SIGTERM/SIGINT

    // TcpServer, Protocol, Connection, ServerOptions, Engine, ByteStream, Prefork: write a protocol.
    exports io.throng.net;
    // io.throng.net.epoll (the FFM epoll engine) stays inside: TcpServer picks it through Engine.
}
