package io.throng.packet.capture;

import io.throng.packet.sys.Descriptors;
import io.throng.packet.sys.Errno;
import io.throng.packet.sys.Interfaces;
import io.throng.packet.sys.Sockets;
import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * One interface's link layer, both ways, for a program that forwards frames (the bridge's ports): an
 * AF_PACKET raw socket bound to the interface, the interface in promiscuous mode for as long as the
 * socket lives (a PACKET_MR_PROMISC membership, which the kernel drops when the socket closes, so a
 * killed process leaves no interface promiscuous), and only incoming frames delivered: the copies of
 * frames sent on the interface, this socket's own included, are skipped (PACKET_IGNORE_OUTGOING, and
 * {@code sll_pkttype} checked on each frame for kernels without it).
 *
 * <p>Reads never block: {@link #receive} takes what is queued now; {@link #poll} waits for any of
 * several sockets with a timeout. Each socket owns a receive buffer of the interface's MTU plus an
 * Ethernet header and one 802.1Q tag; a longer frame is reported with its length on the wire and its
 * first bytes only, so the caller can count it and not forward it. One thread at a time.
 */
public final class LinkSocket implements Closeable {
    /** Ethernet header (14) and one 802.1Q tag (4): what a frame adds to the MTU's payload. */
    public static final int LINK_HEADER = 18;
    private static final int SOCKADDR_LL = 20;
    /** Room for bursts while the reader is descheduled, as PacketCapture's (the kernel caps it at rmem_max unless root). */
    private static final int RECEIVE_BUFFER = 8 << 20;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Errno.segment(arena);
    private final MemorySegment from = arena.allocate(SOCKADDR_LL, 4);
    private final MemorySegment fromLength = arena.allocate(4, 4);
    private final String interfaceName;
    private final int fd, mtu;
    private final MemorySegment buffer;
    private boolean closed;

    private LinkSocket(String interfaceName) throws IOException {
        this.interfaceName = interfaceName;
        PacketSockets.Opened socket;
        try {
            socket = PacketSockets.open(errno, arena, interfaceName, "bridging " + interfaceName);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
        fd = socket.fd();
        int index = socket.index();
        try {
            mtu = readMtu();
            buffer = arena.allocate(mtu + LINK_HEADER, 8);
            MemorySegment one = arena.allocate(4, 4);
            one.set(ValueLayout.JAVA_INT, 0, 1);
            Sockets.setsockopt(errno, fd, Sockets.SOL_PACKET, Sockets.PACKET_IGNORE_OUTGOING, one, 4); // Linux ≥ 4.20; else pkttype decides
            MemorySegment size = arena.allocate(4, 4);
            size.set(ValueLayout.JAVA_INT, 0, RECEIVE_BUFFER);
            check(Sockets.setsockopt(errno, fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, size, 4), "SO_RCVBUF");
            // struct packet_mreq: int ifindex; unsigned short type, alen; unsigned char address[8]
            MemorySegment mreq = arena.allocate(16, 4);
            mreq.set(ValueLayout.JAVA_INT, 0, index);
            mreq.set(ValueLayout.JAVA_SHORT, 4, (short) Sockets.PACKET_MR_PROMISC);
            check(Sockets.setsockopt(errno, fd, Sockets.SOL_PACKET, Sockets.PACKET_ADD_MEMBERSHIP, mreq, 16), "promiscuous mode on " + interfaceName);
            PacketSockets.bind(errno, arena, fd, index, interfaceName);
        } catch (IOException | RuntimeException e) {
            Descriptors.close(errno, fd);
            arena.close();
            throw e;
        }
    }

    /**
     * Opens {@code interfaceName}'s link layer. Throws {@link PrivilegeException} without CAP_NET_RAW,
     * an IOException naming an unknown interface, and {@link UnsupportedOperationException} off Linux.
     */
    public static LinkSocket open(String interfaceName) throws IOException {
        String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux")) { // before any native memory or call
            throw new UnsupportedOperationException("AF_PACKET sockets need Linux; this is " + os);
        }
        return new LinkSocket(interfaceName);
    }

    private int readMtu() throws IOException {
        MemorySegment ifreq = arena.allocate(40, 8); // struct ifreq: char name[16]; then the union, int ifr_mtu first
        ifreq.setString(0, interfaceName);
        check(Interfaces.ioctl(errno, fd, Interfaces.SIOCGIFMTU, ifreq), "MTU of " + interfaceName);
        return ifreq.get(ValueLayout.JAVA_INT, 16);
    }

    private void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + ": " + Errno.describe(Errno.value(errno)));
        }
    }

    /**
     * Takes the next incoming frame queued now into {@link #buffer()} and returns its length on the
     * wire (more than the buffer holds when the frame was longer: only its first bytes are there), or
     * -1 when none is queued. Throws on a socket error such as the interface going down.
     */
    public int receive() throws IOException {
        while (true) {
            fromLength.set(ValueLayout.JAVA_INT, 0, SOCKADDR_LL);
            long n = Sockets.recvfrom(errno, fd, buffer, buffer.byteSize(), Sockets.MSG_TRUNC | Sockets.MSG_DONTWAIT, from, fromLength);
            if (n < 0) {
                int e = Errno.value(errno);
                if (e == Errno.EAGAIN || e == Errno.EINTR) {
                    return -1;
                }
                throw new IOException("recvfrom on " + interfaceName + ": " + Errno.describe(e));
            }
            if (from.get(ValueLayout.JAVA_BYTE, 10) != Sockets.PACKET_OUTGOING) { // sll_pkttype
                return (int) n;
            }
        }
    }

    /** The frame {@link #receive} last took; valid until the next call. */
    public MemorySegment buffer() {
        return buffer;
    }

    /**
     * Sends the first {@code length} bytes of {@code frame} (a whole Ethernet frame, native memory) out
     * of the interface without waiting; false when the kernel refused it (queue full, frame above the
     * MTU, interface down): the caller counts it as dropped, as a switch does.
     */
    public boolean send(MemorySegment frame, int length) {
        return Sockets.sendto(errno, fd, frame, length, Sockets.MSG_DONTWAIT, MemorySegment.NULL, 0) == length;
    }

    /**
     * Waits up to {@code timeoutMillis} until one of {@code sockets} has a frame or an error queued;
     * {@code ready[i]} tells which. Returns how many are ready (0 on timeout or a signal).
     */
    public static int poll(List<LinkSocket> sockets, boolean[] ready, int timeoutMillis) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment fds = call.allocate(8L * sockets.size(), 4); // struct pollfd: int fd; short events, revents
            for (int i = 0; i < sockets.size(); i++) {
                fds.set(ValueLayout.JAVA_INT, 8L * i, sockets.get(i).fd);
                fds.set(ValueLayout.JAVA_SHORT, 8L * i + 4, Descriptors.POLLIN);
            }
            int n = Descriptors.poll(Errno.segment(call), fds, sockets.size(), timeoutMillis);
            for (int i = 0; i < sockets.size(); i++) {
                ready[i] = n > 0 && fds.get(ValueLayout.JAVA_SHORT, 8L * i + 6) != 0;
            }
            return Math.max(n, 0);
        }
    }

    public String interfaceName() {
        return interfaceName;
    }

    /** The interface's MTU when the socket opened. */
    public int mtu() {
        return mtu;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Descriptors.close(errno, fd);
            arena.close();
        }
    }
}
