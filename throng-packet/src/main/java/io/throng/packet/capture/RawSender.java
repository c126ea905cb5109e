package io.throng.packet.capture;

import io.throng.packet.sys.Descriptors;
import io.throng.packet.sys.Errno;
import io.throng.packet.sys.Sockets;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The mechanics under {@link RawIpv4Socket} and {@link RawIpv6Socket}: a SOCK_RAW, IPPROTO_RAW socket
 * of one family, which on Linux means "the header is included" for both (IP_HDRINCL is implied; for
 * IPv6 since Linux 2.6), and one sendto per packet to the header's destination.
 */
final class RawSender {
    private static final int AF_INET6 = 10;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Errno.segment(arena);
    private final MemorySegment address = arena.allocate(28, 4);
    private final MemorySegment buffer = arena.allocate(65535 + 40);
    private final boolean ipv6;
    private final int fd;
    private boolean closed;

    RawSender(boolean ipv6) throws IOException {
        this.ipv6 = ipv6;
        String family = ipv6 ? "IPv6" : "IPv4";
        String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux")) {
            arena.close();
            throw new UnsupportedOperationException("raw " + family + " sockets here need Linux; this is " + os);
        }
        fd = Sockets.socket(errno, ipv6 ? AF_INET6 : Sockets.AF_INET, Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, Sockets.IPPROTO_RAW);
        if (fd < 0) {
            int e = Errno.value(errno);
            arena.close();
            if (e == Errno.EPERM || e == Errno.EACCES) {
                throw new PrivilegeException("CAP_NET_RAW", "sending raw " + family + " packets");
            }
            throw new IOException("socket(" + (ipv6 ? "AF_INET6" : "AF_INET") + ", SOCK_RAW): " + Errno.describe(e));
        }
    }

    /** Sends a whole packet whose header is already checked to be of this family; the destination is read from the header. */
    synchronized void send(byte[] packet) throws IOException {
        if (closed) {
            throw new IOException("socket closed");
        }
        MemorySegment.copy(packet, 0, buffer, ValueLayout.JAVA_BYTE, 0, packet.length);
        address.fill((byte) 0);
        if (ipv6) {
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
            MemorySegment.copy(packet, 24, address, ValueLayout.JAVA_BYTE, 8, 16); // sin6_addr: the header's destination
        } else {
            address.set(ValueLayout.JAVA_SHORT, 0, (short) Sockets.AF_INET);
            MemorySegment.copy(packet, 16, address, ValueLayout.JAVA_BYTE, 4, 4); // sin_addr: the header's destination
        }
        if (Sockets.sendto(errno, fd, buffer, packet.length, 0, address, ipv6 ? 28 : 16) < 0) {
            throw new IOException("sendto: " + Errno.describe(Errno.value(errno)));
        }
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            Descriptors.close(errno, fd);
            arena.close();
        }
    }
}
