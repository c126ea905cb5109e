package io.throng.packet.capture;

import io.throng.packet.filter.BpfInstruction;
import io.throng.packet.filter.BpfProgram;
import io.throng.packet.pcap.CapturedFrame;
import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;

/**
 * Captures the frames of one interface, both directions, through an AF_PACKET raw socket with the
 * filter attached in the kernel (SO_ATTACH_FILTER), so frames the filter rejects never reach user
 * space. Frames are read with plain {@code recvfrom(2)}, one system call each, and timestamped by the
 * kernel (SIOCGSTAMPNS); a TPACKET_V3 ring would save those calls at high rates and is not built yet.
 * The interface is not put into promiscuous mode: frames for other hosts' addresses are not seen.
 *
 * <p>The socket is opened with protocol 0, which receives nothing, and bound to the interface and
 * ETH_P_ALL only after the filter is attached: no frame that the filter rejects is ever queued, not
 * even in the instant between socket(2) and the attach. One thread at a time may call {@link #receive}.
 */
public final class PacketCapture implements Closeable {
    /** How long {@code receive(true)} waits for a frame before it returns null, so a loop can notice a stop. */
    static final long WAIT_MILLIS = 100;
    private static final int RECEIVE_BUFFER = 8 << 20;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Libc.errnoSegment(arena);
    private final MemorySegment buffer;
    private final MemorySegment timespec = arena.allocate(16, 8);
    private final MemorySegment stats = arena.allocate(8, 4);
    private final MemorySegment statsLength = arena.allocate(4, 4);
    private final String interfaceName;
    private final int snapLength;
    private final int fd;
    private long received, dropped;
    private boolean closed;

    private PacketCapture(String interfaceName, BpfProgram filter, int snapLength) throws IOException {
        this.interfaceName = interfaceName;
        this.snapLength = snapLength;
        this.buffer = arena.allocate(snapLength);
        int index = Libc.ifNameToIndex(errno, arena.allocateFrom(interfaceName));
        if (index == 0) {
            arena.close();
            throw new IOException("no such interface: " + interfaceName);
        }
        fd = Libc.socket(errno, Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int e = Libc.errno(errno);
            arena.close();
            if (e == Libc.EPERM || e == Libc.EACCES) {
                throw new PrivilegeException("CAP_NET_RAW", "packet capture");
            }
            throw new IOException("socket(AF_PACKET): " + Libc.describe(e));
        }
        try {
            attach(filter);
            setInt(Libc.SOL_SOCKET, Libc.SO_RCVBUF, RECEIVE_BUFFER, "SO_RCVBUF");
            // The first SIOCGSTAMPNS turns on the kernel's receive timestamps (it fails: nothing received yet).
            // Not SO_TIMESTAMPNS: with it the stamp goes to a control message recvfrom cannot see, and the
            // socket's last stamp, which the ioctl reads, is no longer kept.
            Libc.ioctl(errno, fd, Libc.SIOCGSTAMPNS, timespec);
            MemorySegment timeout = arena.allocate(16, 8);
            timeout.set(ValueLayout.JAVA_LONG, 0, 0);
            timeout.set(ValueLayout.JAVA_LONG, 8, WAIT_MILLIS * 1000);
            check(Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, 16), "SO_RCVTIMEO");
            // struct sockaddr_ll: family, protocol (network order), ifindex, hatype, pkttype, halen, addr[8]
            MemorySegment sll = arena.allocate(20, 4);
            sll.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_PACKET);
            sll.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) Libc.ETH_P_ALL);
            sll.set(ValueLayout.JAVA_INT, 4, index);
            check(Libc.bind(errno, fd, sll, 20), "bind to " + interfaceName);
        } catch (IOException | RuntimeException e) {
            Libc.close(errno, fd);
            arena.close();
            throw e;
        }
    }

    /**
     * Starts capturing on {@code interfaceName} the frames {@code filter} keeps, each cut to
     * {@code snapLength} bytes. Throws {@link PrivilegeException} without CAP_NET_RAW and
     * {@link UnsupportedOperationException} on other systems than Linux.
     */
    public static PacketCapture open(String interfaceName, BpfProgram filter, int snapLength) throws IOException {
        String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux")) { // before any native memory or call
            throw new UnsupportedOperationException("packet capture needs Linux (AF_PACKET); this is " + os);
        }
        if (snapLength < 64 || snapLength > 262_144) {
            throw new IllegalArgumentException("snapshot length " + snapLength + " outside 64..262144");
        }
        return new PacketCapture(interfaceName, filter, snapLength);
    }

    private void attach(BpfProgram filter) throws IOException {
        List<BpfInstruction> code = filter.instructions();
        MemorySegment insns = arena.allocate(8L * code.size(), 8);
        for (int i = 0; i < code.size(); i++) {
            BpfInstruction in = code.get(i);
            insns.set(ValueLayout.JAVA_SHORT, 8L * i, (short) in.code());
            insns.set(ValueLayout.JAVA_BYTE, 8L * i + 2, (byte) in.jt());
            insns.set(ValueLayout.JAVA_BYTE, 8L * i + 3, (byte) in.jf());
            insns.set(ValueLayout.JAVA_INT, 8L * i + 4, in.k());
        }
        MemorySegment prog = arena.allocate(16, 8); // struct sock_fprog: unsigned short len; (padding); pointer
        prog.set(ValueLayout.JAVA_SHORT, 0, (short) code.size());
        prog.set(ValueLayout.ADDRESS, 8, insns);
        check(Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, prog, 16), "SO_ATTACH_FILTER");
    }

    private void setInt(int level, int name, int value, String what) throws IOException {
        MemorySegment v = arena.allocate(4, 4);
        v.set(ValueLayout.JAVA_INT, 0, value);
        check(Libc.setsockopt(errno, fd, level, name, v, 4), what);
    }

    private void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + ": " + Libc.describe(Libc.errno(errno)));
        }
    }

    /**
     * The next frame; null when none came within about 100 ms ({@code wait}) or none is queued now
     * ({@code !wait}, for draining what is left after a stop).
     */
    public CapturedFrame receive(boolean wait) throws IOException {
        long n = Libc.recvfrom(errno, fd, buffer, snapLength, Libc.MSG_TRUNC | (wait ? 0 : Libc.MSG_DONTWAIT));
        if (n < 0) {
            int e = Libc.errno(errno);
            if (e == Libc.EAGAIN || e == Libc.EINTR) {
                return null;
            }
            throw new IOException("recvfrom on " + interfaceName + ": " + Libc.describe(e));
        }
        Instant when = Libc.ioctl(errno, fd, Libc.SIOCGSTAMPNS, timespec) == 0
                ? Instant.ofEpochSecond(timespec.get(ValueLayout.JAVA_LONG, 0), timespec.get(ValueLayout.JAVA_LONG, 8))
                : Instant.now();
        byte[] data = buffer.asSlice(0, Math.min(n, snapLength)).toArray(ValueLayout.JAVA_BYTE);
        return new CapturedFrame(when, (int) n, CapturedFrame.ETHERNET, data);
    }

    /** The kernel's counts so far (each read resets the kernel's; this adds them up). */
    public CaptureStatistics statistics() throws IOException {
        statsLength.set(ValueLayout.JAVA_INT, 0, 8);
        check(Libc.getsockopt(errno, fd, Libc.SOL_PACKET, Libc.PACKET_STATISTICS, stats, statsLength), "PACKET_STATISTICS");
        received += Integer.toUnsignedLong(stats.get(ValueLayout.JAVA_INT, 0));
        dropped += Integer.toUnsignedLong(stats.get(ValueLayout.JAVA_INT, 4));
        return new CaptureStatistics(received, dropped);
    }

    public String interfaceName() {
        return interfaceName;
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
