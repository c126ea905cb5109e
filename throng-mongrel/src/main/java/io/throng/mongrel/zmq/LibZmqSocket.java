package io.throng.mongrel.zmq;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A libzmq socket through FFM. Its native scratch (the errno capture, a zmq_msg_t, the option value and
 * the send buffer) lives in an automatic arena, freed with the object; that scratch is one more reason
 * for the one-thread-at-a-time rule. Frames are copied once each way: into the send buffer (zmq_send
 * copies it again into its message) and out of the received message.
 */
final class LibZmqSocket implements ZmqSocket {

    private static final int INITIAL_BUFFER = 4096;

    private final LibZmqContext context;
    private final MemorySegment socket;
    private final MemorySegment capture;
    private final MemorySegment message;
    private final MemorySegment value;
    private final MemorySegment valueLength;
    private MemorySegment buffer;
    private boolean more;
    private boolean closed;

    LibZmqSocket(LibZmqContext context, MemorySegment socket) {
        this.context = context;
        this.socket = socket;
        Arena arena = Arena.ofAuto();
        capture = arena.allocate(LibZmq.CAPTURE);
        message = arena.allocate(LibZmq.MSG_BYTES, 8);
        value = arena.allocate(JAVA_LONG);
        valueLength = arena.allocate(JAVA_LONG);
        buffer = arena.allocate(INITIAL_BUFFER);
    }

    private void setInt(int option, int v, String name) {
        value.set(JAVA_INT, 0, v);
        set(option, value, 4, name);
    }

    private void set(int option, MemorySegment v, long length, String name) {
        int rc;
        try {
            rc = (int) LibZmq.SETSOCKOPT.invokeExact(capture, socket, option, v, length);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        LibZmq.check(rc, capture, "zmq_setsockopt " + name);
    }

    @Override
    public void sendHighWater(int messages) {
        setInt(LibZmq.SNDHWM, messages, "ZMQ_SNDHWM");
    }

    @Override
    public void receiveHighWater(int messages) {
        setInt(LibZmq.RCVHWM, messages, "ZMQ_RCVHWM");
    }

    @Override
    public void immediate(boolean on) {
        setInt(LibZmq.IMMEDIATE, on ? 1 : 0, "ZMQ_IMMEDIATE");
    }

    @Override
    public void handshakeMillis(int millis) {
        setInt(LibZmq.HANDSHAKE_IVL, millis, "ZMQ_HANDSHAKE_IVL");
    }

    @Override
    public void xpubNoDrop(boolean on) {
        setInt(LibZmq.XPUB_NODROP, on ? 1 : 0, "ZMQ_XPUB_NODROP");
    }

    @Override
    public void lingerMillis(int millis) {
        setInt(LibZmq.LINGER, millis, "ZMQ_LINGER");
    }

    @Override
    public void sendTimeoutMillis(int millis) {
        setInt(LibZmq.SNDTIMEO, millis, "ZMQ_SNDTIMEO");
    }

    @Override
    public void receiveTimeoutMillis(int millis) {
        setInt(LibZmq.RCVTIMEO, millis, "ZMQ_RCVTIMEO");
    }

    @Override
    public void maxMessageBytes(long bytes) {
        value.set(JAVA_LONG, 0, bytes);
        set(LibZmq.MAXMSGSIZE, value, 8, "ZMQ_MAXMSGSIZE");
    }

    @Override
    public void subscribe(byte[] prefix) {
        try (Arena arena = Arena.ofConfined()) {
            // allocate(0) is fine: an empty subscription takes every message.
            MemorySegment v = arena.allocate(Math.max(1, prefix.length));
            MemorySegment.copy(prefix, 0, v, JAVA_BYTE, 0, prefix.length);
            set(LibZmq.SUBSCRIBE, v, prefix.length, "ZMQ_SUBSCRIBE");
        }
    }

    @Override
    public void bind(String endpoint) {
        endpointCall(true, endpoint);
    }

    @Override
    public void connect(String endpoint) {
        endpointCall(false, endpoint);
    }

    private void endpointCall(boolean bind, String endpoint) {
        int rc;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocateFrom(endpoint);
            rc = bind ? (int) LibZmq.BIND.invokeExact(capture, socket, text)
                    : (int) LibZmq.CONNECT.invokeExact(capture, socket, text);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        LibZmq.check(rc, capture, (bind ? "bind " : "connect ") + endpoint);
    }

    @Override
    public boolean send(byte[] frame, int flags) {
        if (buffer.byteSize() < frame.length) {
            buffer = Arena.ofAuto().allocate(Math.max(frame.length, buffer.byteSize() * 2));
        }
        MemorySegment.copy(frame, 0, buffer, JAVA_BYTE, 0, frame.length);
        while (true) {
            int rc;
            try {
                rc = (int) LibZmq.SEND.invokeExact(capture, socket, buffer, (long) frame.length, flags);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (rc >= 0) {
                return true;
            }
            int errno = LibZmq.errno(capture);
            if (errno == LibZmq.EAGAIN) {
                return false;
            }
            if (errno != LibZmq.EINTR) {
                throw LibZmq.failure("zmq_send", errno);
            }
        }
    }

    @Override
    public byte[] receive(int flags) {
        try {
            int ignored = (int) LibZmq.MSG_INIT.invokeExact(message);
            int size = (int) LibZmq.MSG_RECV.invokeExact(capture, message, socket, flags);
            if (size < 0) {
                int errno = LibZmq.errno(capture);
                ignored = (int) LibZmq.MSG_CLOSE.invokeExact(message);
                if (errno == LibZmq.EAGAIN || errno == LibZmq.EINTR) {
                    return null; // timed out (or a signal): the caller's loop asks again
                }
                throw LibZmq.failure("zmq_msg_recv", errno);
            }
            MemorySegment data = ((MemorySegment) LibZmq.MSG_DATA.invokeExact(message)).reinterpret(size);
            byte[] frame = data.toArray(JAVA_BYTE);
            more = (int) LibZmq.MSG_MORE.invokeExact(message) != 0;
            ignored = (int) LibZmq.MSG_CLOSE.invokeExact(message);
            return frame;
        } catch (ZmqFailure e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public boolean hasMore() {
        return more;
    }

    @Override
    public int processCommands() {
        valueLength.set(JAVA_LONG, 0, 4);
        int rc;
        try {
            rc = (int) LibZmq.GETSOCKOPT.invokeExact(capture, socket, LibZmq.EVENTS, value, valueLength);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        LibZmq.check(rc, capture, "zmq_getsockopt ZMQ_EVENTS");
        return value.get(JAVA_INT, 0);
    }

    @Override
    public void monitor(String endpoint, int events) {
        int rc;
        try (Arena arena = Arena.ofConfined()) {
            rc = (int) LibZmq.SOCKET_MONITOR.invokeExact(capture, socket, arena.allocateFrom(endpoint), events);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        LibZmq.check(rc, capture, "zmq_socket_monitor " + endpoint);
    }

    /** libzmq 4's monitor message: a frame of event (uint16) and value (uint32), then the address. */
    @Override
    public int receiveEvent() {
        byte[] head = receive(0);
        if (head == null) {
            return 0;
        }
        while (more) {
            receive(0); // the address frame; it arrives with the first
        }
        if (head.length < 2) {
            return -1;
        }
        return ByteBuffer.wrap(head).order(ByteOrder.nativeOrder()).getShort(0) & 0xffff;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) LibZmq.CLOSE.invokeExact(socket);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        context.closed(this);
    }
}
