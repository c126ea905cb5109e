package io.throng.packet.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * File-descriptor calls any descriptor takes (open, read, write, poll, close) and the mapping of a
 * packet ring (mmap, munmap). Each returns what libc returns; on -1 read {@link Errno#value}.
 */
public final class Descriptors {
    public static final int O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    /** struct pollfd's events / revents bits. */
    public static final short POLLIN = 0x1, POLLERR = 0x8;
    public static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;

    private static final MethodHandle OPEN = Downcalls.variadic("open", 2, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle READ = Downcalls.plain("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle WRITE = Downcalls.plain("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle POLL = Downcalls.plain("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle CLOSE = Downcalls.plain("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle MMAP = Downcalls.plain("mmap", ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle MUNMAP = Downcalls.plain("munmap", JAVA_INT, ADDRESS, JAVA_LONG);

    private Descriptors() {}

    /** open(2) without a mode (no O_CREAT). */
    public static int open(MemorySegment e, MemorySegment path, int flags) {
        try { return (int) OPEN.invokeExact(e, path, flags); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    public static long read(MemorySegment e, int fd, MemorySegment buf, long len) {
        try { return (long) READ.invokeExact(e, fd, buf, len); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    public static long write(MemorySegment e, int fd, MemorySegment buf, long len) {
        try { return (long) WRITE.invokeExact(e, fd, buf, len); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    /** poll(2) on {@code count} struct pollfd at {@code fds}, waiting at most {@code timeoutMillis}. */
    public static int poll(MemorySegment e, MemorySegment fds, long count, int timeoutMillis) {
        try { return (int) POLL.invokeExact(e, fds, count, timeoutMillis); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    public static int close(MemorySegment e, int fd) {
        try { return (int) CLOSE.invokeExact(e, fd); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    /** mmap(2) at an address the kernel picks; MAP_FAILED is address -1. */
    public static MemorySegment mmap(MemorySegment e, long length, int prot, int flags, int fd, long offset) {
        try {
            return (MemorySegment) MMAP.invokeExact(e, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int munmap(MemorySegment e, MemorySegment address, long length) {
        try { return (int) MUNMAP.invokeExact(e, address, length); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }
}
