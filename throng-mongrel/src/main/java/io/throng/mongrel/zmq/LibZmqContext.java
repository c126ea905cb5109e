package io.throng.mongrel.zmq;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The libzmq engine's context. Not blocky (ZMQ_BLOCKY 0): terminating it does not wait for unsent
 * messages, as JeroMQ's linger 0 does not. close() shuts the context down (a blocked call on a socket
 * still open returns ETERM) and terminates it once every socket is closed, on a daemon thread if some
 * owner has not closed its socket yet, so close() itself never hangs.
 */
final class LibZmqContext implements ZmqContext {

    private final MemorySegment context;
    private final Set<LibZmqSocket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    LibZmqContext() {
        try {
            context = (MemorySegment) LibZmq.CTX_NEW.invokeExact();
            if (context.equals(MemorySegment.NULL)) {
                throw new ZmqFailure("zmq_ctx_new failed", false, null);
            }
            int io = (int) LibZmq.CTX_SET.invokeExact(context, LibZmq.IO_THREADS, 1);
            int blocky = (int) LibZmq.CTX_SET.invokeExact(context, LibZmq.BLOCKY, 0);
            if (io != 0 || blocky != 0) {
                throw new ZmqFailure("zmq_ctx_set failed", false, null);
            }
        } catch (ZmqFailure e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public String engine() {
        return "libzmq " + LibZmq.version();
    }

    @Override
    public ZmqSocket socket(SocketKind kind) {
        if (closed) {
            throw new ZmqFailure("socket: context closed", true, null);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(LibZmq.CAPTURE);
            MemorySegment socket = (MemorySegment) LibZmq.SOCKET.invokeExact(capture, context, kind.libzmq);
            if (socket.equals(MemorySegment.NULL)) {
                throw LibZmq.failure("zmq_socket", LibZmq.errno(capture));
            }
            LibZmqSocket s = new LibZmqSocket(this, socket);
            open.add(s);
            return s;
        } catch (ZmqFailure e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    void closed(LibZmqSocket socket) {
        open.remove(socket);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) LibZmq.CTX_SHUTDOWN.invokeExact(context);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (open.isEmpty()) {
            terminate();
        } else {
            LOG.log(System.Logger.Level.DEBUG, open.size() + " libzmq socket(s) still open; terminating when closed");
            Thread.ofPlatform().name("libzmq-terminate").daemon().start(this::terminate);
        }
    }

    /** zmq_ctx_term, retried if a signal interrupts it (it returns EINTR then). */
    private void terminate() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(LibZmq.CAPTURE);
            while ((int) LibZmq.CTX_TERM.invokeExact(capture, context) != 0) {
                if (LibZmq.errno(capture) != LibZmq.EINTR) {
                    return;
                }
            }
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
