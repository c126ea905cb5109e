package io.throng.packet.capture;

import io.throng.packet.filter.BpfInstruction;
import io.throng.packet.filter.BpfProgram;
import io.throng.packet.pcap.CapturedFrame;
import io.throng.packet.sys.Descriptors;
import io.throng.packet.sys.Errno;
import io.throng.packet.sys.Interfaces;
import io.throng.packet.sys.Sockets;
import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.List;

/**
 * Captures the frames of one interface, both directions, through an AF_PACKET raw socket with the
 * filter attached in the kernel (SO_ATTACH_FILTER), so frames the filter rejects never reach user
 * space. Frames arrive in a TPACKET_V3 ring, as libpcap's: 16 blocks of 512 KiB (8 MiB) mapped into this
 * process; the kernel fills a block with many frames, each with its timestamp, and hands the whole
 * block over when it is full or 1 s after its first frame; {@link #receive} copies the frames out one
 * by one and gives the block back after its last. No system call per frame, only a poll(2) when no
 * block is ready. The interface is not put into promiscuous mode: frames for other hosts' addresses
 * are not seen.
 *
 * <p>The socket is opened with protocol 0, which receives nothing, and bound to the interface and
 * ETH_P_ALL only after the filter is attached and the ring mapped: no frame that the filter rejects is
 * ever queued, not even in the instant between socket(2) and the attach. One thread at a time may call
 * {@link #receive}.
 *
 * <p>Invariants of the ring walk: blocks are taken strictly in ring order, each only once the kernel
 * set TP_STATUS_USER in its status word (read with acquire semantics, so the frames it covers are
 * visible), and given back (TP_STATUS_KERNEL, written with release semantics) only after its last frame
 * was copied out. So frames come out exactly once, in the order the kernel queued them on this socket.
 * That order is per socket: two frames delivered at the same time on two CPUs may reach two captures
 * of one interface in opposite orders (tcpdump's too), their timestamps telling which came first.
 */
public final class PacketCapture implements Closeable {
    /** How long {@code receive(true)} waits for a frame before it returns null, so a loop can notice a stop. */
    static final long WAIT_MILLIS = 100;
    private static final int BLOCKS = 16, MIN_BLOCK = 512 << 10;
    /**
     * How long the kernel keeps a block that is not full before it hands it over anyway (ms): tcpdump's
     * 1 s. Each handover spends a whole block, so a short timeout with a reader that pauses (a test that
     * makes its traffic first and reads after) would use up the ring on a few frames and drop the rest.
     */
    private static final int BLOCK_TIMEOUT_MILLIS = 1000;
    /**
     * How long a drain waits at most for the kernel to hand over a block it is filling: the kernel's
     * timer closes a block with frames one timeout after it opened or after its last tick (up to two
     * where the timer only closes a block it saw at its previous tick), later on a busy box. A bound
     * that only guards against waiting for ever, never reached while the kernel works.
     */
    private static final int DRAIN_MILLIS = 4 * BLOCK_TIMEOUT_MILLIS;
    // struct tpacket_block_desc: version, offset_to_priv, then tpacket_hdr_v1: block_status, num_pkts, offset_to_first_pkt
    private static final long BLOCK_STATUS = 8, BLOCK_PACKETS = 12, BLOCK_FIRST = 16;
    // struct tpacket3_hdr: tp_next_offset, tp_sec, tp_nsec, tp_snaplen, tp_len, tp_status, tp_mac (u16)
    private static final long NEXT = 0, SEC = 4, NSEC = 8, SNAPLEN = 12, LEN = 16, MAC = 24;
    private static final VarHandle STATUS = ValueLayout.JAVA_INT.varHandle();

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Errno.segment(arena);
    private final MemorySegment pollFd = arena.allocate(8, 4);
    private final MemorySegment stats = arena.allocate(12, 4);
    private final MemorySegment statsLength = arena.allocate(4, 4);
    private final String interfaceName;
    private final int snapLength, blockSize;
    private final int fd;
    private MemorySegment ring = MemorySegment.NULL;
    private int block;            // the block being read or waited for
    private int left;             // frames of it not yet taken; 0 when it is not ours
    private long next;            // offset in the ring of the next frame's header
    private long received, dropped;
    private boolean closed;

    private PacketCapture(String interfaceName, BpfProgram filter, int snapLength) throws IOException {
        this.interfaceName = interfaceName;
        this.snapLength = snapLength;
        this.blockSize = Math.max(MIN_BLOCK, Integer.highestOneBit(snapLength + 4096) << 1);
        PacketSockets.Opened socket;
        try {
            socket = PacketSockets.open(errno, arena, interfaceName, "packet capture");
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
        fd = socket.fd();
        try {
            attach(filter);
            // Turns on the kernel's receive timestamps for every socket's frames (it fails: nothing received
            // yet), so the ring's stamps are those of the frame's arrival, the same in every capture.
            Interfaces.ioctl(errno, fd, Interfaces.SIOCGSTAMPNS, arena.allocate(16, 8));
            mapRing();
            PacketSockets.bind(errno, arena, fd, socket.index(), interfaceName);
            pollFd.set(ValueLayout.JAVA_INT, 0, fd);
            pollFd.set(ValueLayout.JAVA_SHORT, 4, (short) (Descriptors.POLLIN | Descriptors.POLLERR));
        } catch (IOException | RuntimeException e) {
            unmap();
            Descriptors.close(errno, fd);
            arena.close();
            throw e;
        }
    }

    private void mapRing() throws IOException {
        setInt(Sockets.SOL_PACKET, Sockets.PACKET_VERSION, Sockets.TPACKET_V3, "PACKET_VERSION TPACKET_V3");
        int frameSize = 2048; // V3 packs frames of any size into a block; this only has to divide it
        MemorySegment req = arena.allocate(28, 4); // struct tpacket_req3
        req.set(ValueLayout.JAVA_INT, 0, blockSize);
        req.set(ValueLayout.JAVA_INT, 4, BLOCKS);
        req.set(ValueLayout.JAVA_INT, 8, frameSize);
        req.set(ValueLayout.JAVA_INT, 12, blockSize / frameSize * BLOCKS);
        req.set(ValueLayout.JAVA_INT, 16, BLOCK_TIMEOUT_MILLIS);
        check(Sockets.setsockopt(errno, fd, Sockets.SOL_PACKET, Sockets.PACKET_RX_RING, req, 28), "PACKET_RX_RING");
        long length = (long) blockSize * BLOCKS;
        MemorySegment at = Descriptors.mmap(errno, length, Descriptors.PROT_READ | Descriptors.PROT_WRITE, Descriptors.MAP_SHARED, fd, 0);
        if (at.address() == -1L) {
            throw new IOException("mmap of the capture ring: " + Errno.describe(Errno.value(errno)));
        }
        ring = at.reinterpret(length);
    }

    private void unmap() {
        if (ring.byteSize() > 0) {
            Descriptors.munmap(errno, ring, ring.byteSize());
            ring = MemorySegment.NULL;
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
        check(Sockets.setsockopt(errno, fd, Sockets.SOL_SOCKET, Sockets.SO_ATTACH_FILTER, prog, 16), "SO_ATTACH_FILTER");
    }

    private void setInt(int level, int name, int value, String what) throws IOException {
        MemorySegment v = arena.allocate(4, 4);
        v.set(ValueLayout.JAVA_INT, 0, value);
        check(Sockets.setsockopt(errno, fd, level, name, v, 4), what);
    }

    private void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + ": " + Errno.describe(Errno.value(errno)));
        }
    }

    /** Where {@link #receive(boolean, FrameSink)} hands a frame, straight from the ring. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * One frame: the kernel's timestamp, the frame's length on the wire and the bytes kept, a view of
         * the ring valid only during the call (copy what must outlive it).
         */
        void frame(long epochSecond, int nanos, int originalLength, MemorySegment data) throws IOException;
    }

    /**
     * The next frame; null when none came within about 100 ms ({@code wait}), or ({@code !wait}, for
     * draining after a stop) when every frame the kernel queued on this socket before the call has been
     * returned: frames in the block the kernel is still filling are waited for until its timer hands the
     * block over (up to the block timeout, 1 s), not left behind.
     */
    public CapturedFrame receive(boolean wait) throws IOException {
        if (left == 0 && !takeBlock(wait)) {
            return null;
        }
        long h = next;
        CapturedFrame frame = new CapturedFrame(Instant.ofEpochSecond(seconds(h), nanos(h)), length(h),
                CapturedFrame.ETHERNET, data(h).toArray(ValueLayout.JAVA_BYTE));
        advance();
        return frame;
    }

    /**
     * As {@link #receive(boolean)}, but hands the frame to {@code sink} without copying it: no array, no
     * timestamp object, only the view (which the JIT may not even allocate); false where that returns
     * null. The frame counts as taken even if {@code sink} throws.
     */
    public boolean receive(boolean wait, FrameSink sink) throws IOException {
        if (left == 0 && !takeBlock(wait)) {
            return false;
        }
        long h = next;
        try {
            sink.frame(seconds(h), nanos(h), length(h), data(h));
        } finally {
            advance();
        }
        return true;
    }

    private long seconds(long header) {
        return Integer.toUnsignedLong(ring.get(ValueLayout.JAVA_INT, header + SEC));
    }

    private int nanos(long header) {
        return ring.get(ValueLayout.JAVA_INT, header + NSEC);
    }

    private int length(long header) {
        return ring.get(ValueLayout.JAVA_INT, header + LEN);
    }

    private MemorySegment data(long header) {
        int captured = Math.min(ring.get(ValueLayout.JAVA_INT, header + SNAPLEN), snapLength);
        return ring.asSlice(header + Short.toUnsignedLong(ring.get(ValueLayout.JAVA_SHORT, header + MAC)), captured);
    }

    /** Past the frame at {@link #next}; after a block's last, the kernel may fill the block again at once. */
    private void advance() {
        next += Integer.toUnsignedLong(ring.get(ValueLayout.JAVA_INT, next + NEXT));
        if (--left == 0) {
            releaseBlock();
        }
    }

    /**
     * Makes the current block ours once the kernel handed it over. With {@code wait}, waits up to
     * 100 ms for that. Without, returns false at once unless the kernel has frames in the block it is
     * still filling (it counts them in the block as it goes): those were queued already, so it waits
     * for the block timeout to hand them over rather than leave them behind.
     */
    private boolean takeBlock(boolean wait) throws IOException {
        long deadline = 0;
        while (true) {
            long base = (long) block * blockSize;
            if (((int) STATUS.getAcquire(ring, base + BLOCK_STATUS) & Sockets.TP_STATUS_USER) != 0) {
                left = ring.get(ValueLayout.JAVA_INT, base + BLOCK_PACKETS);
                next = base + Integer.toUnsignedLong(ring.get(ValueLayout.JAVA_INT, base + BLOCK_FIRST));
                if (left > 0) {
                    return true;
                }
                releaseBlock();
                continue;
            }
            boolean filling = (int) STATUS.getAcquire(ring, base + BLOCK_PACKETS) != 0; // the kernel's, read as a hint
            long now = System.nanoTime();
            if (deadline == 0) {
                if (!wait && !filling) {
                    return false;
                }
                deadline = now + (wait ? WAIT_MILLIS : DRAIN_MILLIS) * 1_000_000;
            } else if (now >= deadline) {
                return false;
            }
            int n = Descriptors.poll(errno, pollFd, 1, (int) Math.max(1, (deadline - now) / 1_000_000));
            if (n < 0 && Errno.value(errno) != Errno.EINTR) {
                throw new IOException("poll on " + interfaceName + ": " + Errno.describe(Errno.value(errno)));
            }
            if (n > 0 && (pollFd.get(ValueLayout.JAVA_SHORT, 6) & Descriptors.POLLERR) != 0) {
                throw new IOException("capture on " + interfaceName + ": the socket reported an error (interface gone?)");
            }
        }
    }

    private void releaseBlock() {
        STATUS.setRelease(ring, (long) block * blockSize + BLOCK_STATUS, Sockets.TP_STATUS_KERNEL);
        block = (block + 1) % BLOCKS;
        left = 0;
    }

    /** The kernel's counts so far (each read resets the kernel's; this adds them up). */
    public CaptureStatistics statistics() throws IOException {
        statsLength.set(ValueLayout.JAVA_INT, 0, 12); // struct tpacket_stats_v3: packets, drops, freeze count
        check(Sockets.getsockopt(errno, fd, Sockets.SOL_PACKET, Sockets.PACKET_STATISTICS, stats, statsLength), "PACKET_STATISTICS");
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
            unmap();
            Descriptors.close(errno, fd);
            arena.close();
        }
    }
}
