package io.throng.packet.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The socket calls of the packet tools (raw, packet and datagram sockets) and the constants they take.
 * Each call returns what libc returns; on -1 read {@link Errno#value} of the segment passed first.
 */
public final class Sockets {
    public static final int AF_INET = 2, AF_INET6 = 10, AF_PACKET = 17;
    public static final int SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000;
    public static final int IPPROTO_RAW = 255, IPPROTO_IPV6 = 41, IPV6_V6ONLY = 26;
    public static final int SOL_SOCKET = 1, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_RCVTIMEO = 20, SO_SNDTIMEO = 21, SO_ATTACH_FILTER = 26;
    /** SO_SNDBUFFORCE / SO_RCVBUFFORCE: above net.core.[rw]mem_max, with CAP_NET_ADMIN. */
    public static final int SO_SNDBUFFORCE = 32, SO_RCVBUFFORCE = 33;
    public static final int MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40, MSG_WAITFORONE = 0x10000;
    /** AF_PACKET: every protocol, the options at SOL_PACKET, and sll_pkttype of a frame this host sent. */
    public static final int ETH_P_ALL = 0x0003, SOL_PACKET = 263;
    public static final int PACKET_ADD_MEMBERSHIP = 1, PACKET_MR_PROMISC = 1, PACKET_OUTGOING = 4, PACKET_RX_RING = 5,
            PACKET_STATISTICS = 6, PACKET_VERSION = 10, PACKET_IGNORE_OUTGOING = 23;
    /** The TPACKET_V3 ring: its version number and the owner bits of a block's status word. */
    public static final int TPACKET_V3 = 2, TP_STATUS_KERNEL = 0, TP_STATUS_USER = 1;

    private static final MethodHandle SOCKET = Downcalls.plain("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SETSOCKOPT = Downcalls.plain("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle GETSOCKOPT = Downcalls.plain("getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle BIND = Downcalls.plain("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RECVFROM = Downcalls.plain("recvfrom", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle SENDTO = Downcalls.plain("sendto", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RECVMSG = Downcalls.plain("recvmsg", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SENDMMSG = Downcalls.plain("sendmmsg", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle RECVMMSG = Downcalls.plain("recvmmsg", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle GETSOCKNAME = Downcalls.plain("getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);

    private Sockets() {}

    public static int socket(MemorySegment e, int domain, int type, int protocol) {
        try { return (int) SOCKET.invokeExact(e, domain, type, protocol); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    public static int setsockopt(MemorySegment e, int fd, int level, int name, MemorySegment value, int len) {
        try { return (int) SETSOCKOPT.invokeExact(e, fd, level, name, value, len); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    public static int getsockopt(MemorySegment e, int fd, int level, int name, MemorySegment value, MemorySegment len) {
        try { return (int) GETSOCKOPT.invokeExact(e, fd, level, name, value, len); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    public static int bind(MemorySegment e, int fd, MemorySegment addr, int len) {
        try { return (int) BIND.invokeExact(e, fd, addr, len); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    /** recvfrom(2) without the sender's address. */
    public static long recvfrom(MemorySegment e, int fd, MemorySegment buf, long len, int flags) {
        return recvfrom(e, fd, buf, len, flags, MemorySegment.NULL, MemorySegment.NULL);
    }

    public static long recvfrom(MemorySegment e, int fd, MemorySegment buf, long len, int flags, MemorySegment addr, MemorySegment addrLen) {
        try { return (long) RECVFROM.invokeExact(e, fd, buf, len, flags, addr, addrLen); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    public static long sendto(MemorySegment e, int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
        try { return (long) SENDTO.invokeExact(e, fd, buf, len, flags, addr, addrLen); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    public static long recvmsg(MemorySegment e, int fd, MemorySegment msghdr, int flags) {
        try { return (long) RECVMSG.invokeExact(e, fd, msghdr, flags); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    /** sendmmsg(2): up to {@code count} struct mmsghdr at {@code vector} (see {@link MessageBatch}); how many went. */
    public static int sendmmsg(MemorySegment e, int fd, MemorySegment vector, int count, int flags) {
        try { return (int) SENDMMSG.invokeExact(e, fd, vector, count, flags); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    /** recvmmsg(2) without a timeout argument (the socket's SO_RCVTIMEO bounds a blocking call); how many came. */
    public static int recvmmsg(MemorySegment e, int fd, MemorySegment vector, int count, int flags) {
        try { return (int) RECVMMSG.invokeExact(e, fd, vector, count, flags, MemorySegment.NULL); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    public static int getsockname(MemorySegment e, int fd, MemorySegment addr, MemorySegment addrLen) {
        try { return (int) GETSOCKNAME.invokeExact(e, fd, addr, addrLen); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }
}
