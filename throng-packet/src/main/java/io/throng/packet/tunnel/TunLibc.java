package io.throng.packet.tunnel;

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
 * The libc calls a TUN device needs (open, read, write, poll, ioctl, close), as FFM downcalls in the
 * manner of capture's Libc: errno is captured into a segment the caller passes first, read only after
 * a call returned -1. Kept apart from capture's Libc because none of it is about packet sockets.
 */
final class TunLibc {
    static final int O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    static final int AF_INET = 2, AF_INET6 = 10, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;
    static final short POLLIN = 1;
    static final short IFF_TUN = 0x0001, IFF_NO_PI = 0x1000, IFF_UP = 0x1, IFF_RUNNING = 0x40;
    static final long TUNSETIFF = 0x400454caL;
    static final long SIOCGIFFLAGS = 0x8913, SIOCSIFFLAGS = 0x8914, SIOCSIFADDR = 0x8916,
            SIOCSIFNETMASK = 0x891c, SIOCSIFMTU = 0x8922, SIOCGIFINDEX = 0x8933;
    /** struct in6_ifreq: the address (16), the prefix length (u32), the interface index (int). */
    static final int IN6_IFREQ_SIZE = 24;
    static final int EPERM = 1, EINTR = 4, EAGAIN = 11, EACCES = 13, ENOENT = 2, EBUSY = 16;
    /** struct ifreq: a 16-byte name, then a 24-byte union (flags, mtu or a sockaddr). */
    static final int IFREQ_SIZE = 40, IFNAMSIZ = 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("open"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle READ = plain("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle WRITE = plain("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle POLL = plain("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SOCKET = plain("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = plain("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("ioctl"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));

    private TunLibc() {}

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

    static int open(MemorySegment e, MemorySegment path, int flags) {
        try { return (int) OPEN.invokeExact(e, path, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    static long read(MemorySegment e, int fd, MemorySegment buf, long len) {
        try { return (long) READ.invokeExact(e, fd, buf, len); } catch (Throwable t) { throw rethrow(t); }
    }

    static long write(MemorySegment e, int fd, MemorySegment buf, long len) {
        try { return (long) WRITE.invokeExact(e, fd, buf, len); } catch (Throwable t) { throw rethrow(t); }
    }

    static int poll(MemorySegment e, MemorySegment fds, long count, int timeoutMillis) {
        try { return (int) POLL.invokeExact(e, fds, count, timeoutMillis); } catch (Throwable t) { throw rethrow(t); }
    }

    static int socket(MemorySegment e, int domain, int type, int protocol) {
        try { return (int) SOCKET.invokeExact(e, domain, type, protocol); } catch (Throwable t) { throw rethrow(t); }
    }

    static int close(MemorySegment e, int fd) {
        try { return (int) CLOSE.invokeExact(e, fd); } catch (Throwable t) { throw rethrow(t); }
    }

    static int ioctl(MemorySegment e, int fd, long request, MemorySegment arg) {
        try { return (int) IOCTL.invokeExact(e, fd, request, arg); } catch (Throwable t) { throw rethrow(t); }
    }

    static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "operation not permitted (EPERM)";
            case ENOENT -> "no such file (ENOENT)";
            case EACCES -> "permission denied (EACCES)";
            case EBUSY -> "device or resource busy (EBUSY)";
            case 19 -> "no such device (ENODEV)";
            case 22 -> "invalid argument (EINVAL)";
            case 24 -> "too many open files (EMFILE)";
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
}
