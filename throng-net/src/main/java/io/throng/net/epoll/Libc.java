package io.throng.net.epoll;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the engine needs, as FFM downcalls (Linux x86_64 and aarch64 only).
 *
 * <p>Every call that can fail takes an errno capture segment first ({@link #errnoSegment}); the
 * caller reads {@link #errno} only after a call returned -1. {@code read} and {@code write} are
 * <em>critical</em> downcalls: on a non-blocking socket they return at once, so the JVM may skip the
 * thread-state transition and let them read into and write from heap arrays directly, with no copy.
 */
final class Libc {
    static final int AF_INET = 2, AF_INET6 = 10, SOCK_STREAM = 1, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1, SO_REUSEADDR = 2, SO_REUSEPORT = 15, IPPROTO_TCP = 6, TCP_NODELAY = 1;
    static final int SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;
    static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_MOD = 3;
    static final int EPOLLIN = 0x1, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10, EPOLLRDHUP = 0x2000;
    static final int EPOLLONESHOT = 1 << 30, EPOLLET = 1 << 31;
    static final int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;
    static final int EINTR = 4, EAGAIN = 11, ENFILE = 23, EMFILE = 24;

    /** struct epoll_event is packed on x86_64: a 4-byte mask, then 8 bytes of user data at offset 4. */
    static final long EPOLL_EVENT_BYTES = 12, EPOLL_DATA_OFFSET = 4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    /** Size of one errno capture segment. */
    static final long CAPTURE_BYTES = CAPTURE.byteSize();
    private static final VarHandle ERRNO = CAPTURE.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = plain("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SETSOCKOPT = plain("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle BIND = plain("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = plain("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle GETSOCKNAME = plain("getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ACCEPT4 = plain("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle SHUTDOWN = plain("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = plain("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle EPOLL_CREATE1 = plain("epoll_create1", JAVA_INT, JAVA_INT);
    private static final MethodHandle EPOLL_CTL = plain("epoll_ctl", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle EPOLL_WAIT = plain("epoll_wait", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle EVENTFD = plain("eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle READ = critical("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle WRITE = critical("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);

    private Libc() {}

    private static MethodHandle plain(String name, java.lang.foreign.MemoryLayout ret, java.lang.foreign.MemoryLayout... args) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), FunctionDescriptor.of(ret, args),
                Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle critical(String name, java.lang.foreign.MemoryLayout ret, java.lang.foreign.MemoryLayout... args) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), FunctionDescriptor.of(ret, args),
                Linker.Option.captureCallState("errno"), Linker.Option.critical(true));
    }

    /** A segment to capture errno into; one per thread of control that makes calls. */
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

    static int bind(MemorySegment e, int fd, MemorySegment addr, int len) {
        try { return (int) BIND.invokeExact(e, fd, addr, len); } catch (Throwable t) { throw rethrow(t); }
    }

    static int listen(MemorySegment e, int fd, int backlog) {
        try { return (int) LISTEN.invokeExact(e, fd, backlog); } catch (Throwable t) { throw rethrow(t); }
    }

    static int getsockname(MemorySegment e, int fd, MemorySegment addr, MemorySegment len) {
        try { return (int) GETSOCKNAME.invokeExact(e, fd, addr, len); } catch (Throwable t) { throw rethrow(t); }
    }

    /** accept4(2) that also fills {@code addr} (a sockaddr_storage) and {@code len} with the peer's address. */
    static int accept4(MemorySegment e, int fd, MemorySegment addr, MemorySegment len, int flags) {
        try { return (int) ACCEPT4.invokeExact(e, fd, addr, len, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    static int shutdown(MemorySegment e, int fd, int how) {
        try { return (int) SHUTDOWN.invokeExact(e, fd, how); } catch (Throwable t) { throw rethrow(t); }
    }

    static int close(MemorySegment e, int fd) {
        try { return (int) CLOSE.invokeExact(e, fd); } catch (Throwable t) { throw rethrow(t); }
    }

    static int epollCreate1(MemorySegment e, int flags) {
        try { return (int) EPOLL_CREATE1.invokeExact(e, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    static int epollCtl(MemorySegment e, int epfd, int op, int fd, MemorySegment event) {
        try { return (int) EPOLL_CTL.invokeExact(e, epfd, op, fd, event); } catch (Throwable t) { throw rethrow(t); }
    }

    static int epollWait(MemorySegment e, int epfd, MemorySegment events, int max, int timeoutMillis) {
        try { return (int) EPOLL_WAIT.invokeExact(e, epfd, events, max, timeoutMillis); } catch (Throwable t) { throw rethrow(t); }
    }

    static int eventfd(MemorySegment e, int initval, int flags) {
        try { return (int) EVENTFD.invokeExact(e, initval, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    /** read(2) into {@code buf} (native or heap) at {@code offset}. */
    static long read(MemorySegment e, int fd, MemorySegment buf, long count) {
        try { return (long) READ.invokeExact(e, fd, buf, count); } catch (Throwable t) { throw rethrow(t); }
    }

    /** write(2) from {@code buf} (native or heap). */
    static long write(MemorySegment e, int fd, MemorySegment buf, long count) {
        try { return (long) WRITE.invokeExact(e, fd, buf, count); } catch (Throwable t) { throw rethrow(t); }
    }

    /** The errno's name where the engine cares about it, else its number. */
    static String describe(int errno) {
        return switch (errno) {
            case 104 -> "connection reset by peer (ECONNRESET)";
            case 32 -> "broken pipe (EPIPE)";
            case 110 -> "connection timed out (ETIMEDOUT)";
            case 9 -> "bad descriptor (EBADF)";
            case EMFILE -> "too many open files (EMFILE)";
            case ENFILE -> "too many open files in the system (ENFILE)";
            case 98 -> "address in use (EADDRINUSE)";
            case 99 -> "address not available (EADDRNOTAVAIL)";
            case 13 -> "permission denied (EACCES)";
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
