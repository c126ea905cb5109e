package io.throng.packet.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.invoke.MethodHandle;

/**
 * How every binding in this package is made: a downcall to a libc symbol that captures errno into a
 * segment passed as the first argument (the conventions of throng-net's epoll engine). No call is
 * marked critical: several of them block.
 */
final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();

    private Downcalls() {}

    static MethodHandle plain(String name, MemoryLayout ret, MemoryLayout... args) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), FunctionDescriptor.of(ret, args),
                Linker.Option.captureCallState("errno"));
    }

    /** A variadic function (ioctl, open): arguments from {@code firstVariadic} on are passed as varargs. */
    static MethodHandle variadic(String name, int firstVariadic, MemoryLayout ret, MemoryLayout... args) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), FunctionDescriptor.of(ret, args),
                Linker.Option.firstVariadicArg(firstVariadic), Linker.Option.captureCallState("errno"));
    }

    /** invokeExact declares Throwable; a downcall throws nothing checked, so this only unwraps. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(t);
    }
}
