package io.throng.mongrel.zmq;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Optional;

/**
 * The binding: the libzmq functions the gateway calls, as FFM downcall handles, and zmq.h's numbers.
 * Loaded once, from {@code libzmq.so.5} or the file the system property {@code throng.libzmq} names;
 * if it does not load, lacks a function, or the JVM denies native access, {@link #failure()} says why and
 * no handle may be called (the handles are null then). The handles are static
 * finals so the JIT can inline the calls. Calls that can fail capture {@code errno} as they return
 * (another call in between could overwrite it), into a segment the caller passes first.
 */
final class LibZmq {

    static final String LIBRARY = System.getProperty("throng.libzmq", "libzmq.so.5");

    // zmq.h
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int ETERM = 156384712 + 53;
    static final int IO_THREADS = 1;
    static final int BLOCKY = 70;
    static final int SUBSCRIBE = 6;
    static final int EVENTS = 15;
    static final int LINGER = 17;
    static final int MAXMSGSIZE = 22;
    static final int SNDHWM = 23;
    static final int RCVHWM = 24;
    static final int RCVTIMEO = 27;
    static final int SNDTIMEO = 28;
    static final int IMMEDIATE = 39;
    static final int HANDSHAKE_IVL = 66;
    static final int XPUB_NODROP = 69;
    /** sizeof(zmq_msg_t): 64 bytes, aligned for pointers. */
    static final long MSG_BYTES = 64;

    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** Every function the binding uses: a library without one of them is refused as a whole. */
    private static final List<String> SYMBOLS = List.of("zmq_ctx_new", "zmq_ctx_set", "zmq_ctx_shutdown",
            "zmq_ctx_term", "zmq_socket", "zmq_close", "zmq_setsockopt", "zmq_getsockopt", "zmq_bind", "zmq_connect",
            "zmq_send", "zmq_msg_init", "zmq_msg_recv", "zmq_msg_data", "zmq_msg_more", "zmq_msg_close",
            "zmq_socket_monitor", "zmq_strerror", "zmq_version");
    private static final String FAILURE;
    /** Set while the handles are made, if the JVM refuses one (native access denied). */
    private static String linkFailure;
    static final MethodHandle CTX_NEW, CTX_SET, CTX_SHUTDOWN, CTX_TERM, SOCKET, CLOSE, SETSOCKOPT, GETSOCKOPT,
            BIND, CONNECT, SEND, MSG_INIT, MSG_RECV, MSG_DATA, MSG_MORE, MSG_CLOSE, SOCKET_MONITOR, STRERROR, VERSION;

    static {
        String failure = probe(LIBRARY).orElse(null);
        SymbolLookup lib = failure == null ? SymbolLookup.libraryLookup(LIBRARY, Arena.global()) : null;
        Linker.Option errno = Linker.Option.captureCallState("errno");
        // Calls that never block and never call back may skip the thread-state change.
        Linker.Option quick = Linker.Option.critical(false);
        CTX_NEW = handle(lib, "zmq_ctx_new", FunctionDescriptor.of(ADDRESS));
        CTX_SET = handle(lib, "zmq_ctx_set", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        CTX_SHUTDOWN = handle(lib, "zmq_ctx_shutdown", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        CTX_TERM = handle(lib, "zmq_ctx_term", FunctionDescriptor.of(JAVA_INT, ADDRESS), errno);
        SOCKET = handle(lib, "zmq_socket", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT), errno);
        CLOSE = handle(lib, "zmq_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        SETSOCKOPT = handle(lib, "zmq_setsockopt", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG), errno);
        GETSOCKOPT = handle(lib, "zmq_getsockopt", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS), errno);
        BIND = handle(lib, "zmq_bind", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), errno);
        CONNECT = handle(lib, "zmq_connect", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), errno);
        SEND = handle(lib, "zmq_send", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT), errno);
        MSG_INIT = handle(lib, "zmq_msg_init", FunctionDescriptor.of(JAVA_INT, ADDRESS), quick);
        MSG_RECV = handle(lib, "zmq_msg_recv", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), errno);
        MSG_DATA = handle(lib, "zmq_msg_data", FunctionDescriptor.of(ADDRESS, ADDRESS), quick);
        MSG_MORE = handle(lib, "zmq_msg_more", FunctionDescriptor.of(JAVA_INT, ADDRESS), quick);
        MSG_CLOSE = handle(lib, "zmq_msg_close", FunctionDescriptor.of(JAVA_INT, ADDRESS), quick);
        SOCKET_MONITOR = handle(lib, "zmq_socket_monitor", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), errno);
        STRERROR = handle(lib, "zmq_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        VERSION = handle(lib, "zmq_version", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
        FAILURE = failure != null ? failure : linkFailure;
    }

    private LibZmq() {
    }

    private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor descriptor, Linker.Option... options) {
        if (lib == null || linkFailure != null) {
            return null;
        }
        try {
            return Linker.nativeLinker().downcallHandle(lib.find(name).orElseThrow(), descriptor, options);
        } catch (RuntimeException e) { // IllegalCallerException with --illegal-native-access=deny
            linkFailure = reason(LIBRARY, e);
            return null;
        }
    }

    private static String reason(String library, RuntimeException e) {
        return "cannot load " + library + " (" + e.getMessage() + "); install Debian's libzmq5, or choose the"
                + " jeromq engine";
    }

    /** Why the library did not load, or empty if it did. */
    static Optional<String> failure() {
        return Optional.ofNullable(FAILURE);
    }

    /** Why {@code library} cannot serve as libzmq (it does not load, or lacks a function), or empty. */
    static Optional<String> probe(String library) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup lookup = SymbolLookup.libraryLookup(library, arena);
            return SYMBOLS.stream().filter(name -> lookup.find(name).isEmpty()).findFirst()
                    .map(name -> "cannot use " + library + " as libzmq: it has no " + name
                            + "; install Debian's libzmq5, or choose the jeromq engine");
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return Optional.of(reason(library, e));
        }
    }

    /** The captured errno of the call that just failed. */
    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** libzmq's text for an error number. */
    static String describe(int errno) {
        try {
            return ((MemorySegment) STRERROR.invokeExact(errno)).reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * The one errno-to-exception rule: a call that returned libzmq's -1 throws its failure, with the
     * errno it captured as it returned.
     */
    static void check(int rc, MemorySegment capture, String call) {
        if (rc == -1) {
            throw failure(call, errno(capture));
        }
    }

    static ZmqFailure failure(String call, int errno) {
        return new ZmqFailure(call + ": " + describe(errno) + " (errno " + errno + ")", errno == ETERM, null);
    }

    /** {@code 4.3.4}, for the log line that says which engine runs. */
    static String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT, 3);
            VERSION.invokeExact(v, v.asSlice(4), v.asSlice(8));
            return v.getAtIndex(JAVA_INT, 0) + "." + v.getAtIndex(JAVA_INT, 1) + "." + v.getAtIndex(JAVA_INT, 2);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
