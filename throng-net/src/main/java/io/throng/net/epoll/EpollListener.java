package io.throng.net.epoll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/**
 * A listening TCP socket whose accepted sockets join a {@link Pollers}. Its descriptor stays blocking: one
 * platform thread waits in {@code accept4}, and {@link #shutdown()} wakes it (shutdown(2) on a listening
 * socket makes a blocked accept fail), after which that thread {@link #close()}s the descriptor, so the
 * number is never freed under a call.
 */
public final class EpollListener {
    private static final int SOCKADDR_BYTES = 128; // sockaddr_storage

    private final int fd;
    private final int port;
    private final Pollers pollers;
    /** Scratch for the accepting thread only. */
    private final MemorySegment errno, addr, addrLen, event, one;
    private final MemorySegment otherErrno;
    private volatile boolean shut;
    private boolean closed;

    private EpollListener(int fd, int port, Pollers pollers, Arena arena) {
        this.fd = fd;
        this.port = port;
        this.pollers = pollers;
        this.errno = Libc.errnoSegment(arena);
        this.otherErrno = Libc.errnoSegment(arena);
        this.addr = arena.allocate(SOCKADDR_BYTES, 8);
        this.addrLen = arena.allocate(ValueLayout.JAVA_INT);
        this.event = arena.allocate(Libc.EPOLL_EVENT_BYTES, 8);
        this.one = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
    }

    /** Binds {@code host:port} (0 picks a free port), optionally with SO_REUSEPORT, and listens. */
    public static EpollListener open(String host, int port, boolean reusePort, int backlog, Pollers pollers)
            throws IOException {
        InetAddress address = InetAddress.getByName(host);
        Arena arena = Arena.ofAuto();
        MemorySegment e = Libc.errnoSegment(arena);
        int family = address instanceof Inet6Address ? Libc.AF_INET6 : Libc.AF_INET;
        int fd = Pollers.check(e, Libc.socket(e, family, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0), "socket");
        try {
            MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
            Pollers.check(e, Libc.setsockopt(e, fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, one, 4), "SO_REUSEADDR");
            if (reusePort) {
                Pollers.check(e, Libc.setsockopt(e, fd, Libc.SOL_SOCKET, Libc.SO_REUSEPORT, one, 4), "SO_REUSEPORT");
            }
            MemorySegment sa = arena.allocate(SOCKADDR_BYTES, 8);
            int len = encode(address, port, sa);
            if (Libc.bind(e, fd, sa, len) < 0) {
                throw new java.net.BindException("cannot bind " + host + ":" + port + ": " + Libc.describe(Libc.errno(e)));
            }
            Pollers.check(e, Libc.listen(e, fd, backlog), "listen");
            MemorySegment saLen = arena.allocateFrom(ValueLayout.JAVA_INT, SOCKADDR_BYTES);
            Pollers.check(e, Libc.getsockname(e, fd, sa, saLen), "getsockname");
            return new EpollListener(fd, decode(sa).getPort(), pollers, arena);
        } catch (IOException | RuntimeException ex) {
            Libc.close(e, fd);
            throw ex;
        }
    }

    public int port() {
        return port;
    }

    /**
     * Waits for the next connection and returns it non-blocking, with TCP_NODELAY, registered with the
     * pollers. Returns null after a failure worth retrying (EMFILE, a connection aborted before it was
     * accepted); throws {@link ClosedChannelException} once {@link #shutdown()} was called. One thread only.
     */
    public EpollSocket accept() throws IOException {
        addrLen.set(ValueLayout.JAVA_INT, 0, SOCKADDR_BYTES);
        int s = Libc.accept4(errno, fd, addr, addrLen, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
        if (shut) {
            if (s >= 0) {
                Libc.close(errno, s);
            }
            throw new ClosedChannelException();
        }
        if (s < 0) {
            int err = Libc.errno(errno);
            if (err == Libc.EMFILE || err == Libc.ENFILE) { // say so, like the NIO engine's accept does
                throw new IOException(Libc.describe(err));
            }
            return null; // EINTR, ECONNABORTED, EAGAIN: try again
        }
        Libc.setsockopt(errno, s, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, one, 4);
        return pollers.register(s, decode(addr), errno, event);
    }

    /** Stops accepting: a blocked {@link #accept()} returns by throwing. Any thread. */
    public void shutdown() {
        shut = true;
        Libc.shutdown(otherErrno, fd, Libc.SHUT_RDWR);
    }

    /** Frees the descriptor; call from the accepting thread once it stopped, or when it never started. */
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(otherErrno, fd);
        }
    }

    private static int encode(InetAddress address, int port, MemorySegment sa) {
        sa.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >>> 8)); // network byte order
        sa.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
        if (address instanceof Inet4Address) {
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET);
            sa.asSlice(4, 4).copyFrom(MemorySegment.ofArray(address.getAddress()));
            return 16;
        }
        Inet6Address v6 = (Inet6Address) address;
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET6);
        sa.set(ValueLayout.JAVA_INT_UNALIGNED, 4, 0); // flow info
        sa.asSlice(8, 16).copyFrom(MemorySegment.ofArray(v6.getAddress()));
        sa.set(ValueLayout.JAVA_INT_UNALIGNED, 24, v6.getScopeId());
        return 28;
    }

    private static InetSocketAddress decode(MemorySegment sa) throws UnknownHostException {
        int family = sa.get(ValueLayout.JAVA_SHORT, 0);
        int port = ((sa.get(ValueLayout.JAVA_BYTE, 2) & 0xff) << 8) | (sa.get(ValueLayout.JAVA_BYTE, 3) & 0xff);
        byte[] ip = family == Libc.AF_INET6 ? sa.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE)
                : sa.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE);
        return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    }
}
