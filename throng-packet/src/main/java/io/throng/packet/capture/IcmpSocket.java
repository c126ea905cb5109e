package io.throng.packet.capture;

import io.throng.packet.sys.Descriptors;
import io.throng.packet.sys.Errno;
import io.throng.packet.sys.Sockets;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A raw ICMP (AF_INET, IPPROTO_ICMP) or ICMPv6 (AF_INET6, IPPROTO_ICMPV6) socket: sends ICMP messages
 * with a chosen TTL / hop limit and receives every echo reply and error the host gets, with a timeout.
 *
 * <p>The two families differ in what the kernel does, and callers must know it:
 * <ul>
 *   <li>IPv4: the kernel adds the IP header but does not touch the ICMP checksum (the caller fills it,
 *       {@link io.throng.packet.Ipv4Packets#icmpEchoMessage}); a received message comes with its IPv4
 *       header, and {@link Received#hopLimit} is that header's TTL.</li>
 *   <li>IPv6: the kernel always computes the ICMPv6 checksum (RFC 3542; it needs the source address it
 *       picks), so the caller leaves it zero; a received message comes without the IPv6 header, its
 *       hop limit from an IPV6_HOPLIMIT control message (recvmsg).</li>
 * </ul>
 * A kernel filter (ICMP_FILTER, ICMP6_FILTER) lets through only echo replies and the errors a prober
 * reads (unreachable, time exceeded, parameter problem, packet too big): the rest of the host's ICMP
 * never wakes the reader. Every raw ICMP socket gets a copy of every such message, so the caller must
 * still tell its own answers from others'.
 *
 * <p>Waiting: {@link #receive} polls the socket with poll(2) in slices of at most {@link #SLICE_MILLIS}
 * ms and reads with MSG_DONTWAIT. A blocking FFM downcall pins a virtual thread's carrier, so no
 * call here blocks longer than one slice; between slices the thread's interrupt is honoured. (The
 * epoll engine of throng-net would park instead, but throng-packet depends on the JDK only; one
 * prober per process does not need it.) One thread at a time may receive, another may send.
 */
public final class IcmpSocket implements Closeable {
    /** The longest a single poll(2) may pin a carrier thread. */
    static final int SLICE_MILLIS = 50;
    private static final int AF_INET6 = 10, IPPROTO_IP = 0, IPPROTO_IPV6 = 41, IPPROTO_ICMP = 1, IPPROTO_ICMPV6 = 58;
    private static final int IP_TTL = 2, IPV6_UNICAST_HOPS = 16, IPV6_RECVHOPLIMIT = 51, IPV6_HOPLIMIT = 52;
    private static final int SOL_RAW = 255, ICMP_FILTER = 1, ICMP6_FILTER = 1;
    private static final short POLLIN = 1;
    private static final int BUFFER = 65536, CONTROL = 64, NAME = 28;

    /** What one read returned: the message (with its IPv4 header on IPv4), who sent it, its TTL / hop limit, and when it was read. */
    public record Received(byte[] data, InetAddress source, int hopLimit, long nanoTime) {}

    private final boolean ipv6;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment sendErrno = Errno.segment(arena), receiveErrno = Errno.segment(arena);
    private final MemorySegment out = arena.allocate(BUFFER), outAddress = arena.allocate(NAME, 4), hops = arena.allocate(4, 4);
    private final MemorySegment in = arena.allocate(BUFFER), inAddress = arena.allocate(NAME, 4), control = arena.allocate(CONTROL, 8);
    private final MemorySegment iov = arena.allocate(16, 8), msghdr = arena.allocate(56, 8), pollfd = arena.allocate(8, 4);
    private final int fd;
    private int hopLimit = -1;
    private volatile boolean closed;

    private IcmpSocket(boolean ipv6) throws IOException {
        this.ipv6 = ipv6;
        fd = ipv6 ? Sockets.socket(sendErrno, AF_INET6, Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, IPPROTO_ICMPV6)
                : Sockets.socket(sendErrno, Sockets.AF_INET, Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, IPPROTO_ICMP);
        if (fd < 0) {
            int e = Errno.value(sendErrno);
            arena.close();
            if (e == Errno.EPERM || e == Errno.EACCES) {
                throw new PrivilegeException("CAP_NET_RAW", ipv6 ? "a raw ICMPv6 socket" : "a raw ICMP socket");
            }
            throw new IOException("socket(" + (ipv6 ? "AF_INET6, SOCK_RAW, IPPROTO_ICMPV6" : "AF_INET, SOCK_RAW, IPPROTO_ICMP") + "): " + Errno.describe(e));
        }
        try {
            if (ipv6) {
                setInt(IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
                // struct icmp6_filter: 256 bits, a set bit blocks that type
                MemorySegment filter = arena.allocate(32, 4);
                filter.fill((byte) 0xff);
                for (int type : new int[] {1, 2, 3, 4, 129}) { // unreachable, too big, time exceeded, parameter problem, echo reply
                    filter.set(ValueLayout.JAVA_INT, (type >> 5) * 4L, filter.get(ValueLayout.JAVA_INT, (type >> 5) * 4L) & ~(1 << (type & 31)));
                }
                check(Sockets.setsockopt(sendErrno, fd, IPPROTO_ICMPV6, ICMP6_FILTER, filter, 32), "ICMP6_FILTER");
            } else {
                int pass = 1 << 0 | 1 << 3 | 1 << 11 | 1 << 12; // echo reply, unreachable, time exceeded, parameter problem
                setInt(SOL_RAW, ICMP_FILTER, ~pass, "ICMP_FILTER");
            }
        } catch (IOException | RuntimeException e) {
            Descriptors.close(sendErrno, fd);
            arena.close();
            throw e;
        }
        iov.set(ValueLayout.ADDRESS, 0, in);
        iov.set(ValueLayout.JAVA_LONG, 8, BUFFER);
        pollfd.set(ValueLayout.JAVA_INT, 0, fd);
        pollfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
    }

    /**
     * Opens a raw ICMP socket, or ICMPv6 when {@code ipv6}. Throws {@link PrivilegeException} without
     * CAP_NET_RAW and {@link UnsupportedOperationException} on other systems than Linux.
     */
    public static IcmpSocket open(boolean ipv6) throws IOException {
        String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux")) { // before any native memory or call
            throw new UnsupportedOperationException("raw ICMP sockets here need Linux; this is " + os);
        }
        return new IcmpSocket(ipv6);
    }

    public boolean ipv6() {
        return ipv6;
    }

    /** Sends one ICMP message (no IP header) to {@code destination} with that TTL / hop limit. */
    public synchronized void send(byte[] message, InetAddress destination, int ttl) throws IOException {
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("ttl " + ttl + " outside 1..255");
        }
        if (message.length > BUFFER || (destination instanceof Inet6Address) != ipv6) {
            throw new IllegalArgumentException("a " + message.length + "-byte message to " + destination.getHostAddress()
                    + " on an " + (ipv6 ? "ICMPv6" : "ICMP") + " socket");
        }
        if (ttl != hopLimit) {
            hops.set(ValueLayout.JAVA_INT, 0, ttl);
            check(Sockets.setsockopt(sendErrno, fd, ipv6 ? IPPROTO_IPV6 : IPPROTO_IP, ipv6 ? IPV6_UNICAST_HOPS : IP_TTL, hops, 4),
                    ipv6 ? "IPV6_UNICAST_HOPS" : "IP_TTL");
            hopLimit = ttl;
        }
        MemorySegment.copy(message, 0, out, ValueLayout.JAVA_BYTE, 0, message.length);
        outAddress.fill((byte) 0);
        byte[] a = destination.getAddress();
        if (ipv6) {
            outAddress.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
            MemorySegment.copy(a, 0, outAddress, ValueLayout.JAVA_BYTE, 8, 16);
            outAddress.set(ValueLayout.JAVA_INT, 24, ((Inet6Address) destination).getScopeId());
        } else {
            outAddress.set(ValueLayout.JAVA_SHORT, 0, (short) Sockets.AF_INET);
            MemorySegment.copy(a, 0, outAddress, ValueLayout.JAVA_BYTE, 4, 4);
        }
        if (Sockets.sendto(sendErrno, fd, out, message.length, 0, outAddress, ipv6 ? 28 : 16) < 0) {
            throw new IOException("sendto " + destination.getHostAddress() + ": " + Errno.describe(Errno.value(sendErrno)));
        }
    }

    /**
     * The next message, waiting at most {@code timeoutNanos}; null when none came in time. Throws
     * {@link InterruptedIOException} when the thread is interrupted while it waits.
     */
    public Received receive(long timeoutNanos) throws IOException {
        long end = System.nanoTime() + Math.max(0, timeoutNanos);
        while (true) {
            if (closed) {
                throw new IOException("socket closed");
            }
            long n = read();
            if (n >= 0) {
                return received((int) n);
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedIOException("interrupted while waiting for ICMP");
            }
            int wait = (int) Math.min(SLICE_MILLIS, Math.max(1, left / 1_000_000));
            if (Descriptors.poll(receiveErrno, pollfd, 1, wait) < 0 && Errno.value(receiveErrno) != Errno.EINTR) {
                throw new IOException("poll: " + Errno.describe(Errno.value(receiveErrno)));
            }
        }
    }

    /** One non-blocking recvmsg: the length read, or -1 when nothing is queued. */
    private long read() throws IOException {
        msghdr.fill((byte) 0);
        msghdr.set(ValueLayout.ADDRESS, 0, inAddress);
        msghdr.set(ValueLayout.JAVA_INT, 8, NAME);
        msghdr.set(ValueLayout.ADDRESS, 16, iov);
        msghdr.set(ValueLayout.JAVA_LONG, 24, 1);
        msghdr.set(ValueLayout.ADDRESS, 32, control);
        msghdr.set(ValueLayout.JAVA_LONG, 40, CONTROL);
        long n = Sockets.recvmsg(receiveErrno, fd, msghdr, Sockets.MSG_DONTWAIT);
        if (n < 0) {
            int e = Errno.value(receiveErrno);
            if (e == Errno.EAGAIN || e == Errno.EINTR) {
                return -1;
            }
            throw new IOException("recvmsg: " + Errno.describe(e));
        }
        return n;
    }

    private Received received(int n) throws UnknownHostException {
        long now = System.nanoTime();
        byte[] data = in.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        InetAddress source;
        int limit = -1;
        if (ipv6) {
            byte[] a = inAddress.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
            int scope = inAddress.get(ValueLayout.JAVA_INT, 24); // non-zero for link-local sources only
            source = scope == 0 ? InetAddress.getByAddress(a) : Inet6Address.getByAddress(null, a, scope);
            long controlLength = msghdr.get(ValueLayout.JAVA_LONG, 40);
            // struct cmsghdr: size_t len; int level; int type; data, each aligned to 8
            for (long at = 0; at + 20 <= controlLength; ) {
                long len = control.get(ValueLayout.JAVA_LONG, at);
                if (len < 16) {
                    break;
                }
                if (control.get(ValueLayout.JAVA_INT, at + 8) == IPPROTO_IPV6 && control.get(ValueLayout.JAVA_INT, at + 12) == IPV6_HOPLIMIT) {
                    limit = control.get(ValueLayout.JAVA_INT, at + 16);
                }
                at += (len + 7) & ~7L;
            }
        } else {
            source = Inet4Address.getByAddress(inAddress.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE));
            limit = n >= 20 ? data[8] & 0xff : -1;
        }
        return new Received(data, source, limit, now);
    }

    private void setInt(int level, int name, int value, String what) throws IOException {
        MemorySegment v = arena.allocate(4, 4);
        v.set(ValueLayout.JAVA_INT, 0, value);
        check(Sockets.setsockopt(sendErrno, fd, level, name, v, 4), what);
    }

    private void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + ": " + Errno.describe(Errno.value(sendErrno)));
        }
    }

    /** Closes the socket; call it once no thread is in {@link #send} or {@link #receive}. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Descriptors.close(sendErrno, fd);
            arena.close();
        }
    }
}
