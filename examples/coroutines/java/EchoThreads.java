// Echo server, blocking style on virtual threads (JDK only): one thread per connection, written as if
// threads were free, because virtual ones nearly are. Run: java EchoThreads.java [PORT]
// Prints "listening PORT", then echoes every byte back until the client closes.
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    try (ServerSocket listener = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress())) {
        IO.println("listening " + listener.getLocalPort());
        while (true) {
            Socket client = listener.accept();
            // A blocked read parks this virtual thread and frees its carrier for other connections.
            Thread.ofVirtual().start(() -> echo(client));
        }
    }
}

void echo(Socket client) {
    try (client) {
        client.getInputStream().transferTo(client.getOutputStream());
    } catch (IOException e) {
        // The peer reset the connection: nothing to echo to any more.
    }
}
