package io.throng.net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MulticastTest {
    private static MulticastLink link;

    @BeforeAll
    static void up() throws Exception {
        link = MulticastLink.create();
    }

    @AfterAll
    static void down() throws Exception {
        if (link != null) {
            link.close();
        }
    }

    private static String text(Datagram d) {
        return new String(d.data(), StandardCharsets.UTF_8);
    }

    private static UdpSocket member(InetAddress group) throws Exception {
        InetAddress any = InetAddress.getByName(group.getAddress().length == 4 ? "0.0.0.0" : "::");
        return UdpSocket.bind(new InetSocketAddress(any, 0), UdpOptions.defaults().withReuseAddress(true));
    }

    /**
     * Join, loopback off and on, leave. What must not arrive is proven by what arrives after it: a datagram
     * sent later on the same path comes first, so no wait is needed to show the earlier one never will.
     */
    @ParameterizedTest
    @ValueSource(strings = {"239.255.19.7", "ff02::1:9"})
    void joinLoopbackAndLeaveOnAChosenInterface(String groupName) throws Exception {
        InetAddress group = InetAddress.getByName(groupName);
        try (UdpSocket member = member(group); UdpSocket sender = member(group)) {
            InetSocketAddress to = new InetSocketAddress(group, member.localAddress().getPort());
            member.join(group, link.nif);
            sender.multicastInterface(link.nif);

            sender.multicastLoopback(false);
            sender.send("unheard".getBytes(StandardCharsets.UTF_8), to);
            sender.multicastLoopback(true);
            sender.send("heard".getBytes(StandardCharsets.UTF_8), to);
            assertEquals("heard", text(member.receive(Duration.ofSeconds(30))));

            assertTrue(member.leave(group, link.nif));
            sender.send("after leaving".getBytes(StandardCharsets.UTF_8), to);
            InetAddress direct = InetAddress.getByName(group.getAddress().length == 4 ? "127.0.0.1" : "::1");
            sender.send("direct".getBytes(StandardCharsets.UTF_8), new InetSocketAddress(direct, member.localAddress().getPort()));
            assertEquals("direct", text(member.receive(Duration.ofSeconds(30))));
            assertTrue(!member.leave(group, link.nif), "a second leave finds no membership");
        }
    }

    /** The TTL is the one on the wire: Debian's python3 reads it from the received packet (IP_RECVTTL / IPV6_RECVHOPLIMIT). */
    @ParameterizedTest
    @ValueSource(strings = {"239.255.19.8", "ff02::1:8"})
    void theTtlIsWhatAPythonMemberSeesOnThePacket(String groupName) throws Exception {
        InetAddress group = InetAddress.getByName(groupName);
        String script = """
                import socket, struct, sys
                group, ifname = sys.argv[1], sys.argv[2]
                idx = socket.if_nametoindex(ifname)
                if ':' in group:
                    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
                    s.bind(('::', 0))
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, socket.inet_pton(socket.AF_INET6, group) + struct.pack('@I', idx))
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVHOPLIMIT, 1)
                else:
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    s.bind(('0.0.0.0', 0))
                    # struct ip_mreqn: the group, any local address, the interface's index
                    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack('=4s4si', socket.inet_aton(group), socket.inet_aton('0.0.0.0'), idx))
                    s.setsockopt(socket.IPPROTO_IP, 12, 1)  # IP_RECVTTL
                print(s.getsockname()[1], flush=True)
                s.settimeout(30)
                data, anc, flags, src = s.recvmsg(100, 64)
                print(data.decode(), struct.unpack('@i', anc[0][2][:4])[0], flush=True)
                """;
        try (Peers.Started py = Peers.python(script, groupName, link.name); UdpSocket sender = member(group)) {
            int port = Integer.parseInt(py.firstLine().strip());
            sender.multicastInterface(link.nif);
            sender.multicastTtl(7);
            sender.send("ttl".getBytes(StandardCharsets.UTF_8), new InetSocketAddress(group, port));
            assertEquals("ttl 7", py.out().readLine());
        }
    }
}
