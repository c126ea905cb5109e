package io.throng.packet.tunnel;

import static io.throng.packet.sys.Errno.*;
import static io.throng.packet.sys.Sockets.*;

import io.throng.packet.sys.Descriptors;
import io.throng.packet.sys.Errno;
import io.throng.packet.sys.MessageBatch;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The tunnel's UDP socket through the module's libc bindings, so that a batch of datagrams costs one
 * recvmmsg(2) or sendmmsg(2) instead of a system call each. Dual-stack where the kernel has IPv6
 * (an AF_INET6 socket with IPV6_V6ONLY off: IPv4 peers appear as ::ffff:a.b.c.d), AF_INET otherwise.
 *
 * <p>The descriptor blocks, with SO_RCVTIMEO and SO_SNDTIMEO of {@link #TIMEOUT_MILLIS}: a receive
 * returns after that long with nothing (so its thread sees a close, as TunDevice's poll does) and a
 * send into a full buffer waits as long as the buffer stays full (back-pressure, as the JDK's blocking
 * DatagramChannel gave). Any number of threads may call it, each with its own batch and errno segment;
 * {@link #close} only after they stopped (a closed number could be reused by another descriptor).
 */
final class UdpSocket implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 200;
    private final int fd, family;
    private volatile boolean stopping, closed;

    private UdpSocket(int fd, int family) {
        this.fd = fd;
        this.family = family;
    }

    /** Binds UDP {@code port} (0: any) on every local address, with {@code bufferBytes} of socket buffer each way. */
    static UdpSocket open(int port, int bufferBytes) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Errno.segment(a);
            int family = AF_INET6;
            int fd = socket(e, AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0 && Errno.value(e) == EAFNOSUPPORT) {
                family = AF_INET;
                fd = socket(e, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            }
            if (fd < 0) {
                throw new IOException("socket(UDP): " + Errno.describe(Errno.value(e)));
            }
            try {
                MemorySegment value = a.allocate(16, 8);
                if (family == AF_INET6) {
                    value.set(ValueLayout.JAVA_INT, 0, 0);
                    check(e, setsockopt(e, fd, IPPROTO_IPV6, IPV6_V6ONLY, value, 4), "IPV6_V6ONLY off");
                }
                // room for bursts while a thread is descheduled: a full queue drops datagrams, and TCP inside backs off
                value.set(ValueLayout.JAVA_INT, 0, bufferBytes);
                for (int[] names : new int[][] {{SO_RCVBUFFORCE, SO_RCVBUF}, {SO_SNDBUFFORCE, SO_SNDBUF}}) {
                    // the FORCE option passes net.core.*mem_max (CAP_NET_ADMIN, which a tunnel has); the plain one is capped by it
                    if (setsockopt(e, fd, SOL_SOCKET, names[0], value, 4) < 0) {
                        check(e, setsockopt(e, fd, SOL_SOCKET, names[1], value, 4), "socket buffer");
                    }
                }
                value.set(ValueLayout.JAVA_LONG, 0, TIMEOUT_MILLIS / 1000);
                value.set(ValueLayout.JAVA_LONG, 8, (TIMEOUT_MILLIS % 1000) * 1000L);
                check(e, setsockopt(e, fd, SOL_SOCKET, SO_RCVTIMEO, value, 16), "SO_RCVTIMEO");
                check(e, setsockopt(e, fd, SOL_SOCKET, SO_SNDTIMEO, value, 16), "SO_SNDTIMEO");
                MemorySegment addr = a.allocate(MessageBatch.ADDRESS_SIZE, 8);
                addr.set(ValueLayout.JAVA_SHORT, 0, (short) family);
                addr.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) port);
                if (bind(e, fd, addr, family == AF_INET6 ? 28 : 16) < 0) {
                    throw new IOException("bind UDP port " + port + ": " + Errno.describe(Errno.value(e)));
                }
            } catch (IOException | RuntimeException ex) {
                Descriptors.close(e, fd);
                throw ex;
            }
            return new UdpSocket(fd, family);
        }
    }

    private static void check(MemorySegment e, int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + ": " + Errno.describe(Errno.value(e)));
        }
    }

    /** AF_INET6 (dual-stack) or AF_INET: how addresses are written for {@link SocketAddresses#encode}. */
    int family() {
        return family;
    }

    /** The bound port. */
    int port() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Errno.segment(a), addr = a.allocate(MessageBatch.ADDRESS_SIZE, 8), len = a.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, MessageBatch.ADDRESS_SIZE);
            if (closed || getsockname(e, fd, addr, len) < 0) {
                return -1;
            }
            return addr.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2) & 0xffff;
        }
    }

    /**
     * Receives up to the batch's capacity of datagrams: waits for the first at most {@link #TIMEOUT_MILLIS},
     * then takes only what is already queued. Returns how many (0 after the wait or once stopping).
     */
    int receive(MessageBatch batch, MemorySegment errno) throws IOException {
        while (!stopping) {
            batch.prepareReceive(batch.capacity());
            int n = recvmmsg(errno, fd, batch.vector(0), batch.capacity(), MSG_WAITFORONE);
            if (n >= 0) {
                return n;
            }
            int err = Errno.value(errno);
            if (err == EAGAIN) {
                return 0;
            }
            if (err != EINTR) {
                throw new IOException("recvmmsg: " + Errno.describe(err));
            }
        }
        return 0;
    }

    /**
     * Sends messages {@code 0..count} of the batch (their lengths and addresses prepared), resuming after a
     * partial send. A message the kernel refuses (no route, say) is dropped alone, as one sendto would have
     * been: the peer may roam back. Returns how many went; fewer only when stopping or a message was refused.
     */
    int send(MessageBatch batch, int count, MemorySegment errno) throws IOException {
        int sent = 0, i = 0;
        while (i < count && !stopping) {
            int n = sendmmsg(errno, fd, batch.vector(i), count - i, 0);
            if (n > 0) {
                i += n;
                sent += n;
                continue;
            }
            int err = Errno.value(errno);
            if (err == EBADF) {
                throw new IOException("sendmmsg: " + Errno.describe(err));
            }
            if (err != EINTR && err != EAGAIN) {
                i++; // the error belongs to message i (the ones before it went)
            }
        }
        return sent;
    }

    /** Makes every receive and send return within {@link #TIMEOUT_MILLIS}, without closing the descriptor under them. */
    void stop() {
        stopping = true;
    }

    /** Closes the descriptor; call only after the threads using it stopped (see {@link #stop}). */
    @Override
    public void close() {
        stopping = true;
        if (closed) {
            return;
        }
        closed = true;
        try (Arena a = Arena.ofConfined()) {
            Descriptors.close(Errno.segment(a), fd);
        }
    }
}
