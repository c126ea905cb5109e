package io.throng.packet.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * errno as the bindings here report it: each call writes it into a capture segment the caller passes
 * first ({@link #segment}), to be read with {@link #value} only after the call returned -1. A segment
 * belongs to one thread at a time, so a reader and a writer of the same descriptor each keep their own.
 */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, EBADF = 9, EAGAIN = 11, EACCES = 13, EBUSY = 16, ENODEV = 19,
            EINVAL = 22, EMFILE = 24, EAFNOSUPPORT = 97, ENETDOWN = 100;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private Errno() {}

    /** A fresh capture segment in {@code arena}. */
    public static MemorySegment segment(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    /** The errno the last call through {@code capture} left. */
    public static int value(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** {@code errno} in words with its symbolic name, for error messages. */
    public static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "operation not permitted (EPERM)";
            case ENOENT -> "no such file (ENOENT)";
            case EACCES -> "permission denied (EACCES)";
            case EBUSY -> "device or resource busy (EBUSY)";
            case ENODEV -> "no such device (ENODEV)";
            case EINVAL -> "invalid argument (EINVAL)";
            case EMFILE -> "too many open files (EMFILE)";
            case EAFNOSUPPORT -> "address family not supported (EAFNOSUPPORT)";
            case ENETDOWN -> "network is down (ENETDOWN)";
            default -> "errno " + errno;
        };
    }
}
