package io.throng.packet.tunnel;

import static io.throng.packet.sys.Descriptors.*;
import static io.throng.packet.sys.Errno.*;
import static io.throng.packet.sys.Interfaces.*;
import static io.throng.packet.sys.Sockets.*;

import io.throng.packet.capture.PrivilegeException;
import io.throng.packet.sys.Descriptors;
import io.throng.packet.sys.Errno;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TUN device (layer 3, no packet-information prefix): each read returns one IP packet the
 * kernel routed to the device, each write injects one. The file descriptor is non-blocking and
 * {@link #read} waits in poll(2) with a timeout, so a reading thread is never stuck in native code
 * for longer than that timeout (a downcall pins a virtual thread's carrier for its whole duration)
 * and notices {@link #close} by itself. One thread reads, any one thread writes (and the reader may
 * write too, through writeFromReader: each has its own errno segment).
 *
 * <p>MTU, address and link state are set with the classic interface ioctls on an AF_INET datagram
 * socket, so neither the library nor its users need the {@code ip} command.
 */
public final class TunDevice implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment readErrno = Errno.segment(arena), writeErrno = Errno.segment(arena);
    private final MemorySegment pollFd = arena.allocate(8);
    private final int fd;
    private final String name;
    private volatile boolean closed;

    private TunDevice(int fd, String name) {
        this.fd = fd;
        this.name = name;
        pollFd.set(ValueLayout.JAVA_INT, 0, fd);
        pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
    }

    /**
     * Creates (or attaches to) the TUN device {@code name}; the kernel removes it when the last
     * descriptor closes. Throws {@link PrivilegeException} without CAP_NET_ADMIN and
     * {@link UnsupportedOperationException} on other systems than Linux.
     */
    public static TunDevice open(String name) throws IOException {
        String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux")) { // before any native memory or call
            throw new UnsupportedOperationException("a TUN device needs Linux (/dev/net/tun); this is " + os);
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length == 0 || nameBytes.length >= IFNAMSIZ || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("bad interface name (1..15 letters, digits, '_', '.', '-'): '" + name + "'");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Errno.segment(a);
            int fd = Descriptors.open(e, a.allocateFrom("/dev/net/tun"), O_RDWR | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0) {
                int errno = Errno.value(e);
                if (errno == EPERM || errno == EACCES) {
                    throw new PrivilegeException("CAP_NET_ADMIN", "a TUN device");
                }
                throw new IOException("open /dev/net/tun: " + Errno.describe(errno));
            }
            MemorySegment ifreq = ifreq(a, nameBytes);
            ifreq.set(ValueLayout.JAVA_SHORT, IFNAMSIZ, (short) (IFF_TUN | IFF_NO_PI));
            if (ioctl(e, fd, TUNSETIFF, ifreq) < 0) {
                int errno = Errno.value(e);
                Descriptors.close(e, fd);
                if (errno == EPERM || errno == EACCES) {
                    throw new PrivilegeException("CAP_NET_ADMIN", "a TUN device");
                }
                throw new IOException("TUNSETIFF " + name + ": " + Errno.describe(errno));
            }
            return new TunDevice(fd, name);
        }
    }

    /** The interface's name. */
    public String name() {
        return name;
    }

    /** Sets the interface's MTU: the largest packet the kernel will hand to {@link #read}. */
    public void mtu(int mtu) throws IOException {
        configure(SIOCSIFMTU, ifreq -> ifreq.set(ValueLayout.JAVA_INT, IFNAMSIZ, mtu), "MTU " + mtu);
    }

    /** Gives the interface {@code address/prefixLength}, IPv4 or IPv6; the kernel adds the route to that subnet. */
    public void address(InetAddress address, int prefixLength) throws IOException {
        switch (address) {
            case Inet4Address v4 -> address(v4, prefixLength);
            case Inet6Address v6 -> address(v6, prefixLength);
            default -> throw new IllegalArgumentException("neither IPv4 nor IPv6: " + address);
        }
    }

    /**
     * IPv6: SIOCSIFADDR with a struct in6_ifreq on an AF_INET6 socket (the interface named by index, not
     * by name). A TUN device is point-to-point without ARP, so the kernel skips duplicate address
     * detection and the address is usable at once.
     */
    private void address(Inet6Address address, int prefixLength) throws IOException {
        if (prefixLength < 1 || prefixLength > 128) {
            throw new IllegalArgumentException("IPv6 prefix length must be within 1..128: " + prefixLength);
        }
        int[] index = new int[1];
        configure(SIOCGIFINDEX, ifreq -> {}, "index", ifreq -> index[0] = ifreq.get(ValueLayout.JAVA_INT, IFNAMSIZ));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Errno.segment(a);
            int sock = socket(e, AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (sock < 0) {
                throw new IOException("socket(AF_INET6): " + Errno.describe(Errno.value(e)) + " (IPv6 disabled?)");
            }
            try {
                MemorySegment req = a.allocate(IN6_IFREQ_SIZE);
                MemorySegment.copy(address.getAddress(), 0, req, ValueLayout.JAVA_BYTE, 0, 16);
                req.set(ValueLayout.JAVA_INT, 16, prefixLength);
                req.set(ValueLayout.JAVA_INT, 20, index[0]);
                if (ioctl(e, sock, SIOCSIFADDR, req) < 0) {
                    int errno = Errno.value(e);
                    if (errno == EPERM || errno == EACCES) {
                        throw new PrivilegeException("CAP_NET_ADMIN", "configuring " + name);
                    }
                    throw new IOException("set address " + address.getHostAddress() + "/" + prefixLength + " on " + name + ": " + Errno.describe(errno));
                }
            } finally {
                Descriptors.close(e, sock);
            }
        }
    }

    private void address(Inet4Address address, int prefixLength) throws IOException {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be within 0..32: " + prefixLength);
        }
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        byte[] maskBytes = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        configure(SIOCSIFADDR, ifreq -> sockaddr(ifreq, address.getAddress()), "address " + address.getHostAddress());
        configure(SIOCSIFNETMASK, ifreq -> sockaddr(ifreq, maskBytes), "netmask /" + prefixLength);
    }

    /** Brings the interface up. */
    public void up() throws IOException {
        short[] flags = new short[1];
        configure(SIOCGIFFLAGS, ifreq -> {}, "flags", ifreq -> flags[0] = ifreq.get(ValueLayout.JAVA_SHORT, IFNAMSIZ));
        configure(SIOCSIFFLAGS, ifreq -> ifreq.set(ValueLayout.JAVA_SHORT, IFNAMSIZ, (short) (flags[0] | IFF_UP | IFF_RUNNING)), "up");
    }

    /**
     * Reads one packet into {@code buffer}: its length, or 0 when none came within {@code timeoutMillis}
     * or the device was closed. A packet longer than the buffer is truncated (the kernel drops the rest),
     * so size the buffer above the MTU and treat a full buffer as too big.
     */
    public int read(MemorySegment buffer, int timeoutMillis) throws IOException {
        while (!closed) {
            int n = readNow(buffer);
            if (n >= 0) {
                return n;
            }
            if (!await(timeoutMillis)) {
                return 0;
            }
        }
        return 0;
    }

    /**
     * Reads one packet if one is queued, never waiting: its length, or -1 when none is (or the device was
     * closed). For a reader that drains the queue into a batch and waits only once it is empty ({@link #await}).
     */
    public int readNow(MemorySegment buffer) throws IOException {
        while (!closed) {
            long n = Descriptors.read(readErrno, fd, buffer, buffer.byteSize());
            if (n >= 0) {
                return (int) n;
            }
            int errno = Errno.value(readErrno);
            if (errno == EAGAIN) {
                return -1;
            }
            if (errno != EINTR) {
                throw new IOException("read " + name + ": " + Errno.describe(errno));
            }
        }
        return -1;
    }

    /** Waits at most {@code timeoutMillis} for a packet to read; false when none came (or the device was closed). */
    public boolean await(int timeoutMillis) throws IOException {
        if (closed) {
            return false;
        }
        int ready = poll(readErrno, pollFd, 1, timeoutMillis);
        if (ready < 0 && Errno.value(readErrno) != EINTR) {
            throw new IOException("poll " + name + ": " + Errno.describe(Errno.value(readErrno)));
        }
        return ready != 0;
    }

    /** Injects one packet of {@code length} bytes; false when the kernel had no room for it (dropped). */
    public boolean write(MemorySegment packet, int length) throws IOException {
        return write(packet, length, writeErrno);
    }

    /** {@link #write} for the reading thread (with the reader's errno segment, so it never races the writer's). */
    boolean writeFromReader(MemorySegment packet, int length) throws IOException {
        return write(packet, length, readErrno);
    }

    private boolean write(MemorySegment packet, int length, MemorySegment errnoSegment) throws IOException {
        while (true) {
            long n = Descriptors.write(errnoSegment, fd, packet, length);
            if (n >= 0) {
                return true;
            }
            int errno = Errno.value(errnoSegment);
            if (errno == EAGAIN) {
                return false;
            }
            if (errno != EINTR) {
                throw new IOException("write " + name + ": " + Errno.describe(errno));
            }
        }
    }

    /**
     * Closes the descriptor (the device disappears). Call it only after the reading thread stopped:
     * closing under a thread blocked in poll could hand the number to a new descriptor it then reads.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena a = Arena.ofConfined()) {
            Descriptors.close(Errno.segment(a), fd);
        }
        arena.close();
    }

    private interface IfreqSetter {
        void set(MemorySegment ifreq);
    }

    private void configure(long request, IfreqSetter setter, String what) throws IOException {
        configure(request, setter, what, ifreq -> {});
    }

    private void configure(long request, IfreqSetter setter, String what, IfreqSetter after) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Errno.segment(a);
            int sock = socket(e, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (sock < 0) {
                throw new IOException("socket: " + Errno.describe(Errno.value(e)));
            }
            try {
                MemorySegment ifreq = ifreq(a, name.getBytes(StandardCharsets.US_ASCII));
                setter.set(ifreq);
                if (ioctl(e, sock, request, ifreq) < 0) {
                    int errno = Errno.value(e);
                    if (errno == EPERM || errno == EACCES) {
                        throw new PrivilegeException("CAP_NET_ADMIN", "configuring " + name);
                    }
                    throw new IOException("set " + what + " on " + name + ": " + Errno.describe(errno));
                }
                after.set(ifreq);
            } finally {
                Descriptors.close(e, sock);
            }
        }
    }

    private static MemorySegment ifreq(Arena a, byte[] name) {
        MemorySegment ifreq = a.allocate(IFREQ_SIZE);
        MemorySegment.copy(name, 0, ifreq, ValueLayout.JAVA_BYTE, 0, name.length);
        return ifreq;
    }

    /** struct sockaddr_in at the union: family, port 0, the address in network order. */
    private static void sockaddr(MemorySegment ifreq, byte[] address) {
        ifreq.set(ValueLayout.JAVA_SHORT, IFNAMSIZ, (short) AF_INET);
        MemorySegment.copy(address, 0, ifreq, ValueLayout.JAVA_BYTE, IFNAMSIZ + 4, 4);
    }
}
