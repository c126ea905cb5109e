package io.throng.packet.capture;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc calls a packet socket needs, as FFM downcalls (Linux x86_64 and aarch64), in the manner of
 * throng-net's epoll engine: each call that can fail captures errno into a segment the caller passes
 * first, read only after the call returned -1. No call here is critical: recvfrom blocks.
 */
final class Libc {
    static final int AF_INET = 2, IPPROTO_RAW = 255, AF_PACKET = 17, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1, SO_RCVBUF = 8, SO_RCVTIMEO = 20, SO_ATTACH_FILTER = 26;
    static final int SOL_PACKET = 263, PACKET_STATISTICS = 6;
    static final int ETH_P_ALL = 0x0003;
    static final int MSG_DONTWAIT = 0x40, MSG_TRUNC = 0x20;
    static final long SIOCGSTAMPNS = 0x8907;
    static final int EPERM = 1, EINTR = 4, EAGAIN = 11, EACCES = 13, ENODEV = 19, ENETDOWN = 100;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = plain("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SETSOCKOPT = plain("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle GETSOCKOPT = plain("getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle BIND = plain("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RECVFROM = plain("recvfrom", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle SENDTO = plain("sendto", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle CLOSE = plain("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle IF_NAMETOINDEX = plain("if_nametoindex", JAVA_INT, ADDRESS);
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("ioctl"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));

    private Libc() {}

    private static MethodHandle plain(String name, MemoryLayout ret, MemoryLayout... args) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), FunctionDescriptor.of(ret, args),
                Linker.Option.captureCallState("errno"));
    }

    static MemorySegment errnoSegment(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    static int socket(MemorySegment e, int domain, int type, int protocol) {
        try { return (int) SOCKET.invokeExact(e, domain, type, protocol); } catch (Throwable t) { throw rethrow(t); }
    }

    static int setsockopt(MemorySegment e, int fd, int level, int name, MemorySegment value, int len) {
        try { return (int) SETSOCKOPT.invokeExact(e, fd, level, name, value, len); } catch (Throwable t) { throw rethrow(t); }
    }

    static int getsockopt(MemorySegment e, int fd, int level, int name, MemorySegment value, MemorySegment len) {
        try { return (int) GETSOCKOPT.invokeExact(e, fd, level, name, value, len); } catch (Throwable t) { throw rethrow(t); }
    }

    static int bind(MemorySegment e, int fd, MemorySegment addr, int len) {
        try { return (int) BIND.invokeExact(e, fd, addr, len); } catch (Throwable t) { throw rethrow(t); }
    }

    static long recvfrom(MemorySegment e, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) RECVFROM.invokeExact(e, fd, buf, len, flags, MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long sendto(MemorySegment e, int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
        try { return (long) SENDTO.invokeExact(e, fd, buf, len, flags, addr, addrLen); } catch (Throwable t) { throw rethrow(t); }
    }

    static int close(MemorySegment e, int fd) {
        try { return (int) CLOSE.invokeExact(e, fd); } catch (Throwable t) { throw rethrow(t); }
    }

    static int ifNameToIndex(MemorySegment e, MemorySegment name) {
        try { return (int) IF_NAMETOINDEX.invokeExact(e, name); } catch (Throwable t) { throw rethrow(t); }
    }

    static int ioctl(MemorySegment e, int fd, long request, MemorySegment arg) {
        try { return (int) IOCTL.invokeExact(e, fd, request, arg); } catch (Throwable t) { throw rethrow(t); }
    }

    static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "operation not permitted (EPERM)";
            case EACCES -> "permission denied (EACCES)";
            case ENODEV -> "no such device (ENODEV)";
            case ENETDOWN -> "network is down (ENETDOWN)";
            case 22 -> "invalid argument (EINVAL)";
            case 24 -> "too many open files (EMFILE)";
            case 97 -> "address family not supported (EAFNOSUPPORT)";
            default -> "errno " + errno;
        };
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(t);
    }

    // poll(2): the raw ICMP sockets of throng ping / traceroute (IcmpSocket) and LinkSocket (the bridge's ports).
    // recvmsg for IcmpSocket (the IPv6 hop limit arrives as ancillary data). For LinkSocket: promiscuous
    // membership, outgoing copies, the MTU, and recvfrom with the sender's sockaddr_ll (its sll_pkttype says
    // the frame's direction).
    static final int PACKET_ADD_MEMBERSHIP = 1, PACKET_MR_PROMISC = 1, PACKET_IGNORE_OUTGOING = 23, PACKET_OUTGOING = 4;
    static final long SIOCGIFMTU = 0x8921;
    static final short POLLIN = 0x1;
    private static final MethodHandle POLL = plain("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle RECVMSG = plain("recvmsg", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RECVFROM_ADDRESS = plain("recvfrom", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);

    /** poll(2) on {@code count} struct pollfd at {@code fds}, waiting at most {@code timeoutMillis}. */
    static int poll(MemorySegment e, MemorySegment fds, long count, int timeoutMillis) {
        try { return (int) POLL.invokeExact(e, fds, count, timeoutMillis); } catch (Throwable t) { throw rethrow(t); }
    }

    static long recvmsg(MemorySegment e, int fd, MemorySegment msghdr, int flags) {
        try { return (long) RECVMSG.invokeExact(e, fd, msghdr, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    static long recvfrom(MemorySegment e, int fd, MemorySegment buf, long len, int flags, MemorySegment addr, MemorySegment addrLen) {
        try { return (long) RECVFROM_ADDRESS.invokeExact(e, fd, buf, len, flags, addr, addrLen); } catch (Throwable t) { throw rethrow(t); }
    }

    // For PacketCapture's TPACKET_V3 ring: the version, the ring request, and mmap(2) of the ring.
    static final int PACKET_RX_RING = 5, PACKET_VERSION = 10, TPACKET_V3 = 2;
    static final int TP_STATUS_KERNEL = 0, TP_STATUS_USER = 1;
    static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    static final short POLLERR = 0x8;
    private static final MethodHandle MMAP = plain("mmap", ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle MUNMAP = plain("munmap", JAVA_INT, ADDRESS, JAVA_LONG);

    /** mmap(2); MAP_FAILED is address -1. */
    static MemorySegment mmap(MemorySegment e, long length, int prot, int flags, int fd, long offset) {
        try {
            return (MemorySegment) MMAP.invokeExact(e, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int munmap(MemorySegment e, MemorySegment address, long length) {
        try { return (int) MUNMAP.invokeExact(e, address, length); } catch (Throwable t) { throw rethrow(t); }
    }
}
