package io.throng.packet.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Network interfaces by name and ioctl(2): the interface requests (struct ifreq) that read and set an
 * interface's index, flags, MTU and addresses, TUNSETIFF, and SIOCGSTAMPNS.
 */
public final class Interfaces {
    /** struct ifreq: a 16-byte name, then a 24-byte union (flags, mtu, index or a sockaddr). */
    public static final int IFREQ_SIZE = 40, IFNAMSIZ = 16;
    /** struct in6_ifreq: the address (16), the prefix length (u32), the interface index (int). */
    public static final int IN6_IFREQ_SIZE = 24;
    public static final short IFF_UP = 0x1, IFF_RUNNING = 0x40, IFF_TUN = 0x0001, IFF_NO_PI = 0x1000;
    public static final long SIOCGSTAMPNS = 0x8907, SIOCGIFFLAGS = 0x8913, SIOCSIFFLAGS = 0x8914, SIOCSIFADDR = 0x8916,
            SIOCSIFNETMASK = 0x891c, SIOCGIFMTU = 0x8921, SIOCSIFMTU = 0x8922, SIOCGIFINDEX = 0x8933;
    public static final long TUNSETIFF = 0x400454caL;

    private static final MethodHandle IOCTL = Downcalls.variadic("ioctl", 2, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
    private static final MethodHandle IF_NAMETOINDEX = Downcalls.plain("if_nametoindex", JAVA_INT, ADDRESS);

    private Interfaces() {}

    /** ioctl(2) with a pointer argument. */
    public static int ioctl(MemorySegment e, int fd, long request, MemorySegment arg) {
        try { return (int) IOCTL.invokeExact(e, fd, request, arg); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }

    /** if_nametoindex(3): the index of the interface whose NUL-terminated name is at {@code name}, 0 when none. */
    public static int indexOf(MemorySegment e, MemorySegment name) {
        try { return (int) IF_NAMETOINDEX.invokeExact(e, name); } catch (Throwable t) { throw Downcalls.rethrow(t); }
    }
}
