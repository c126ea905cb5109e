package io.throng.net.udp;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bound UDP socket for virtual threads: blocking send and receive (a blocked receive parks its virtual
 * thread, not a carrier), receive with a timeout, and multicast.
 *
 * <p><b>Loss is the caller's to count.</b> UDP promises nothing: a datagram may be lost, duplicated or
 * reordered, in the network or in this host's receive buffer when the reader falls behind, and neither
 * side is told. Nothing here retries or acknowledges; a protocol that cares numbers its datagrams and
 * counts the gaps. What this class does report is truncation: a datagram longer than
 * {@link UdpOptions#maxDatagram()} arrives with {@link Datagram#truncated()} set.
 *
 * <p>Any number of threads may send at once; receives are served one at a time. Closing the socket from
 * any thread ends a blocked receive with {@link java.nio.channels.AsynchronousCloseException}.
 */
public final class UdpSocket implements Closeable {
    private final DatagramChannel channel;
    private final int maxDatagram;
    private final Set<MembershipKey> memberships = ConcurrentHashMap.newKeySet();

    private UdpSocket(DatagramChannel channel, int maxDatagram) {
        this.channel = channel;
        this.maxDatagram = maxDatagram;
    }

    /** A socket bound to {@code local} (port 0: any free port) with the default options. */
    public static UdpSocket bind(InetSocketAddress local) throws IOException {
        return bind(local, UdpOptions.defaults());
    }

    /**
     * A socket bound to {@code local}. Its family follows the address: an IPv4 address gives an IPv4
     * socket (which can join IPv4 groups), an IPv6 address an IPv6 one.
     */
    public static UdpSocket bind(InetSocketAddress local, UdpOptions options) throws IOException {
        ProtocolFamily family = local.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            if (options.reuseAddress()) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            if (options.receiveBuffer() > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBuffer());
            }
            if (options.sendBuffer() > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBuffer());
            }
            channel.bind(local);
            return new UdpSocket(channel, options.maxDatagram());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The bound address, with the port the system chose for port 0. */
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** The longest datagram this socket receives whole. */
    public int maxDatagram() {
        return maxDatagram;
    }

    /**
     * Only exchange datagrams with {@code remote}: others are dropped by the kernel, and an ICMP port
     * unreachable from it surfaces as {@link java.net.PortUnreachableException} on a later receive.
     */
    public void connect(InetSocketAddress remote) throws IOException {
        channel.connect(remote);
    }

    /** Sends {@code payload} (position to limit) as one datagram. Fails if it is too long for one datagram. */
    public void send(ByteBuffer payload, InetSocketAddress to) throws IOException {
        channel.send(payload, to);
    }

    /** Sends {@code payload} as one datagram. */
    public void send(byte[] payload, InetSocketAddress to) throws IOException {
        channel.send(ByteBuffer.wrap(payload), to);
    }

    /** The next datagram, waiting as long as it takes. */
    public Datagram receive() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(maxDatagram + 1); // one byte more than kept: the tell for truncation
        InetSocketAddress sender = (InetSocketAddress) channel.receive(buffer);
        buffer.flip();
        byte[] data = new byte[Math.min(buffer.remaining(), maxDatagram)];
        buffer.get(data);
        return new Datagram(sender, data, buffer.limit() > maxDatagram);
    }

    /**
     * The next datagram, or {@link SocketTimeoutException} once {@code timeout} passes without one; the
     * socket stays usable after a timeout.
     */
    public Datagram receive(Duration timeout) throws IOException {
        long millis = Math.max(1, timeout.toMillis());
        if (millis > Integer.MAX_VALUE) {
            return receive();
        }
        // The channel's socket adaptor is the JDK's timed receive: on a virtual thread it parks with a
        // deadline instead of blocking a carrier.
        byte[] buffer = new byte[maxDatagram + 1];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        synchronized (channel.socket()) {
            channel.socket().setSoTimeout((int) millis);
            channel.socket().receive(packet);
        }
        int kept = Math.min(packet.getLength(), maxDatagram);
        return new Datagram((InetSocketAddress) packet.getSocketAddress(), Arrays.copyOf(buffer, kept), packet.getLength() > maxDatagram);
    }

    /**
     * Receives into {@code dst} without allocating, for loops that reuse one buffer: the sender, with the
     * payload between {@code dst}'s position and limit. {@code dst} should have room for one byte more than
     * the longest datagram expected: a datagram that fills it may have been cut.
     */
    public InetSocketAddress receiveInto(ByteBuffer dst) throws IOException {
        return (InetSocketAddress) channel.receive(dst);
    }

    /**
     * Joins multicast {@code group} on {@code nif}: datagrams sent to the group and this socket's port
     * arrive here. Drop the returned key (or call {@link #leave}) to leave. Bind the socket to the wildcard
     * address of the group's family (0.0.0.0 or ::) with the group's port.
     */
    public MembershipKey join(InetAddress group, NetworkInterface nif) throws IOException {
        MembershipKey key = channel.join(group, nif);
        memberships.add(key);
        return key;
    }

    /** Leaves {@code group} on {@code nif}; returns false if this socket was not a member. */
    public boolean leave(InetAddress group, NetworkInterface nif) {
        // The channel keeps its memberships; a key dropped elsewhere is no longer valid and not a member.
        for (MembershipKey key : memberships) {
            if (key.group().equals(group) && key.networkInterface().equals(nif) && key.isValid()) {
                key.drop();
                memberships.remove(key);
                return true;
            }
        }
        return false;
    }

    /** The interface multicast datagrams this socket sends leave by. */
    public void multicastInterface(NetworkInterface nif) throws IOException {
        channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
    }

    /** How many routers a multicast datagram this socket sends may cross (0 to 255; default 1, this link). */
    public void multicastTtl(int hops) throws IOException {
        if (hops < 0 || hops > 255) {
            throw new IllegalArgumentException("TTL must be 0..255: " + hops);
        }
        channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, hops);
    }

    /** Whether multicast datagrams this socket sends are also delivered to this host's members (default on). */
    public void multicastLoopback(boolean on) throws IOException {
        channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, on);
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
