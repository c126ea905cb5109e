package io.throng.packet.capture;

import io.throng.packet.sys.Errno;
import io.throng.packet.sys.Interfaces;
import io.throng.packet.sys.Sockets;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The two steps every AF_PACKET socket here shares, so their errors read the same: open one on a named
 * interface (receiving nothing yet: protocol 0), and bind it to the interface with ETH_P_ALL once it
 * is set up. Callers close their arena when these throw.
 */
final class PacketSockets {
    /** An open socket and the index of its interface. */
    record Opened(int fd, int index) {}

    private PacketSockets() {}

    /**
     * Opens an AF_PACKET raw socket for {@code interfaceName}: an IOException naming an unknown
     * interface, a {@link PrivilegeException} naming CAP_NET_RAW for {@code what} without it.
     */
    static Opened open(MemorySegment errno, Arena arena, String interfaceName, String what) throws IOException {
        int index = Interfaces.indexOf(errno, arena.allocateFrom(interfaceName));
        if (index == 0) {
            throw new IOException("no such interface: " + interfaceName);
        }
        int fd = Sockets.socket(errno, Sockets.AF_PACKET, Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int e = Errno.value(errno);
            if (e == Errno.EPERM || e == Errno.EACCES) {
                throw new PrivilegeException("CAP_NET_RAW", what);
            }
            throw new IOException("socket(AF_PACKET): " + Errno.describe(e));
        }
        return new Opened(fd, index);
    }

    /** Binds {@code fd} to interface {@code index} and every protocol (ETH_P_ALL): frames start to queue. */
    static void bind(MemorySegment errno, Arena arena, int fd, int index, String interfaceName) throws IOException {
        // struct sockaddr_ll: family, protocol (network order), ifindex, hatype, pkttype, halen, addr[8]
        MemorySegment sll = arena.allocate(20, 4);
        sll.set(ValueLayout.JAVA_SHORT, 0, (short) Sockets.AF_PACKET);
        sll.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) Sockets.ETH_P_ALL);
        sll.set(ValueLayout.JAVA_INT, 4, index);
        if (Sockets.bind(errno, fd, sll, 20) < 0) {
            throw new IOException("bind to " + interfaceName + ": " + Errno.describe(Errno.value(errno)));
        }
    }
}
