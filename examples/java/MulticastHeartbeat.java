// A multicast heartbeat as a single-file program
// (java -cp CLASSPATH examples/java/MulticastHeartbeat.java NAME GROUP PORT INTERFACE [COUNT]):
// joins GROUP on INTERFACE, sends "NAME beat N" there every second, and prints the heartbeats it hears,
// its own included (loopback on), with how many of each sender's beats went missing: loss is counted
// by the sequence numbers, since UDP never says.
import io.throng.net.udp.Datagram;
import io.throng.net.udp.UdpOptions;
import io.throng.net.udp.UdpSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

void main(String[] args) throws Exception {
    if (args.length < 4) {
        System.err.println("usage: MulticastHeartbeat.java NAME GROUP PORT INTERFACE [COUNT]");
        System.exit(2);
    }
    String name = args[0];
    InetAddress group = InetAddress.getByName(args[1]);
    int port = Integer.parseInt(args[2]);
    NetworkInterface nif = NetworkInterface.getByName(args[3]);
    int count = args.length > 4 ? Integer.parseInt(args[4]) : Integer.MAX_VALUE;
    InetAddress any = InetAddress.getByName(group.getAddress().length == 4 ? "0.0.0.0" : "::");
    try (UdpSocket socket = UdpSocket.bind(new InetSocketAddress(any, port), UdpOptions.defaults().withReuseAddress(true))) {
        socket.join(group, nif);
        socket.multicastInterface(nif);
        socket.multicastTtl(1); // this link only
        Thread.ofVirtual().start(() -> {
            try {
                for (int beat = 1; beat <= count; beat++) {
                    socket.send((name + " beat " + beat).getBytes(StandardCharsets.UTF_8), new InetSocketAddress(group, port));
                    Thread.sleep(Duration.ofSeconds(1));
                }
            } catch (Exception e) {
                System.err.println("sender stopped: " + e);
            }
        });
        Map<String, Long> last = new HashMap<>();
        Map<String, Long> missing = new HashMap<>();
        while (true) {
            Datagram d;
            try {
                d = socket.receive(Duration.ofSeconds(5));
            } catch (SocketTimeoutException e) {
                System.out.println("silence for 5 s");
                continue;
            }
            String[] parts = new String(d.data(), StandardCharsets.UTF_8).split(" ");
            if (parts.length != 3 || !parts[1].equals("beat")) {
                continue; // not a heartbeat
            }
            long seq = Long.parseLong(parts[2]);
            long gap = Math.max(0, seq - last.getOrDefault(parts[0], 0L) - 1);
            missing.merge(parts[0], gap, Long::sum);
            last.merge(parts[0], seq, Math::max);
            System.out.println("heard " + parts[0] + " beat " + seq + " from " + d.sender().getAddress().getHostAddress()
                    + ", missing " + missing.get(parts[0]));
        }
    }
}
