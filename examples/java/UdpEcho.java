// A UDP echo server as a single-file program (java -cp CLASSPATH examples/java/UdpEcho.java [PORT]):
// every datagram goes back to its sender; at most 256 handlers run at once, the rest are dropped and counted.
import io.throng.net.udp.DatagramServer;
import io.throng.net.udp.UdpOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 7007;
    try (DatagramServer server = DatagramServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
            UdpOptions.defaults(), 256, (datagram, socket) -> socket.send(datagram.data(), datagram.sender()))) {
        System.out.println("udp echo on " + server.localAddress().getPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.err.println("received " + server.received() + ", dropped " + server.dropped())));
        new CountDownLatch(1).await(); // serve until killed
    }
}
