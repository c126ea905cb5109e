package io.throng.packet.capture;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Sends whole IPv4 packets, header included, as built by {@link io.throng.packet.Ipv4Packets}: an
 * AF_INET raw socket with IPPROTO_RAW (the kernel adds nothing but fills a zero id; routing picks the
 * interface from the destination). Linux only; needs CAP_NET_RAW. One thread at a time.
 */
public final class RawIpv4Socket implements Closeable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Libc.errnoSegment(arena);
    private final MemorySegment address = arena.allocate(16, 4);
    private final MemorySegment buffer = arena.allocate(65535);
    private final int fd;
    private boolean closed;

    private RawIpv4Socket() throws IOException {
        String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux")) {
            arena.close();
            throw new UnsupportedOperationException("raw IPv4 sockets here need Linux; this is " + os);
        }
        fd = Libc.socket(errno, Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_RAW);
        if (fd < 0) {
            int e = Libc.errno(errno);
            arena.close();
            if (e == Libc.EPERM || e == Libc.EACCES) {
                throw new PrivilegeException("CAP_NET_RAW", "sending raw IPv4 packets");
            }
            throw new IOException("socket(AF_INET, SOCK_RAW): " + Libc.describe(e));
        }
    }

    public static RawIpv4Socket open() throws IOException {
        return new RawIpv4Socket();
    }

    /** Sends {@code packet} (an IPv4 packet from its first header byte) to the destination in its header. */
    public void send(byte[] packet) throws IOException {
        if (packet.length < 20 || packet.length > 65535) {
            throw new IllegalArgumentException("not an IPv4 packet: " + packet.length + " bytes");
        }
        MemorySegment.copy(packet, 0, buffer, ValueLayout.JAVA_BYTE, 0, packet.length);
        address.fill((byte) 0);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET);
        MemorySegment.copy(packet, 16, address, ValueLayout.JAVA_BYTE, 4, 4); // sin_addr: the header's destination
        if (Libc.sendto(errno, fd, buffer, packet.length, 0, address, 16) < 0) {
            throw new IOException("sendto: " + Libc.describe(Libc.errno(errno)));
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(errno, fd);
            arena.close();
        }
    }
}
