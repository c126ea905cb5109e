// A UDP echo server as a single-file program (java -cp CLASSPATH examples/java/UdpEcho.java [PORT] [--pool N]):
// every datagram goes back to its sender. Sending back does not block, so the receiving thread answers each
// datagram itself (DatagramServer.startInline, from a view of its buffer), as Netty's event loop and Go's read
// loop do. With --pool N the handlers run on up to N virtual threads instead (DatagramServer.start: what a
// handler that blocks needs); a datagram that finds all N busy is dropped and counted.
import io.throng.net.udp.DatagramHandler;
import io.throng.net.udp.DatagramServer;
import io.throng.net.udp.DatagramViewHandler;
import io.throng.net.udp.UdpOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 7007;
    int pool = args.length > 2 && args[1].equals("--pool") ? Integer.parseInt(args[2]) : 0;
    InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    DatagramHandler echo = (datagram, socket) -> socket.send(datagram.data(), datagram.sender());
    // Inline, the reply is sent from a view of the receiver's buffer: no copy, no garbage per datagram.
    DatagramViewHandler echoView = (payload, sender, truncated, socket) -> socket.send(payload, sender);
    try (DatagramServer server = pool > 0
            ? DatagramServer.start(local, UdpOptions.defaults(), pool, echo)
            : DatagramServer.startInline(local, UdpOptions.defaults(), echoView, (datagram, e) -> {})) {
        System.out.println("udp echo on " + server.localAddress().getPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.err.println("received " + server.received() + ", dropped " + server.dropped())));
        new CountDownLatch(1).await(); // serve until killed
    }
}
