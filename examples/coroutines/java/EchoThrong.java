// Echo server on Throng's TCP core: the same blocking code as EchoThreads.java, but a connection with
// nothing to read holds no thread and no buffer; a virtual thread is started when bytes arrive.
// Run: java -cp THRONG_JARS EchoThrong.java [PORT]. Prints "listening PORT".
import io.throng.net.Connection;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;

void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    try (TcpServer server = TcpServer.start(ServerOptions.of("127.0.0.1", port), this::echo)) {
        IO.println("listening " + server.port());
        new CountDownLatch(1).await(); // serve until killed
    }
}

// Called on a fresh virtual thread whenever the connection has bytes (or its peer closed).
boolean echo(Connection connection) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    int n = connection.read(buffer); // the bytes that woke us, or -1: the peer closed
    while (n > 0) {
        connection.write(buffer.flip());
        n = connection.readNow(buffer.clear()); // more already here? 0 when not
    }
    return n == 0; // 0: park the connection idle until its next bytes; -1: close it
}
