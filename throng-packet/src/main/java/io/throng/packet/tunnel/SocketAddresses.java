package io.throng.packet.tunnel;

import static io.throng.packet.sys.Sockets.AF_INET;
import static io.throng.packet.sys.Sockets.AF_INET6;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * struct sockaddr_in / sockaddr_in6 to and from InetSocketAddress. On the tunnel's dual-stack IPv6
 * socket an IPv4 peer is the IPv4-mapped address ::ffff:a.b.c.d, which reads back as an Inet4Address
 * (so endpoints print the same either way). A {@link Decoder} remembers the last address it decoded
 * and returns the same object while the bytes do not change: a datagram from the usual peer costs a
 * comparison, not an allocation.
 */
final class SocketAddresses {
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final byte[] MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private SocketAddresses() {}

    /**
     * Writes {@code to} into {@code dst} as the socket of {@code family} takes it; returns its length.
     * An IPv6 destination on an IPv4-only socket (IPv6 off in this kernel) throws IllegalArgumentException.
     */
    static int encode(InetSocketAddress to, int family, MemorySegment dst) {
        InetAddress a = to.getAddress();
        if (a == null) {
            throw new IllegalArgumentException("unresolved endpoint: " + to);
        }
        dst.fill((byte) 0);
        dst.set(PORT, 2, (short) to.getPort());
        if (family == AF_INET) {
            if (!(a instanceof Inet4Address)) {
                throw new IllegalArgumentException("an IPv6 endpoint (" + to + ") but this kernel gave no IPv6 socket");
            }
            dst.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
            MemorySegment.copy(a.getAddress(), 0, dst, ValueLayout.JAVA_BYTE, 4, 4);
            return 16;
        }
        dst.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
        if (a instanceof Inet4Address) {
            MemorySegment.copy(MAPPED, 0, dst, ValueLayout.JAVA_BYTE, 8, 12);
            MemorySegment.copy(a.getAddress(), 0, dst, ValueLayout.JAVA_BYTE, 20, 4);
        } else {
            MemorySegment.copy(a.getAddress(), 0, dst, ValueLayout.JAVA_BYTE, 8, 16);
            dst.set(ValueLayout.JAVA_INT, 24, ((Inet6Address) a).getScopeId());
        }
        return 28;
    }

    /** The address in {@code src} (either family); IllegalArgumentException for another family. */
    static InetSocketAddress decode(MemorySegment src) {
        int family = src.get(ValueLayout.JAVA_SHORT, 0);
        int port = src.get(PORT, 2) & 0xffff;
        try {
            if (family == AF_INET) {
                return new InetSocketAddress(InetAddress.getByAddress(src.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE)), port);
            }
            if (family == AF_INET6) {
                byte[] bytes = src.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
                int scope = src.get(ValueLayout.JAVA_INT, 24);
                // getByAddress turns ::ffff:a.b.c.d into an Inet4Address; a scope only means something for link-local IPv6
                InetAddress a = InetAddress.getByAddress(bytes);
                if (a instanceof Inet6Address && scope != 0) {
                    a = Inet6Address.getByAddress(null, bytes, scope);
                }
                return new InetSocketAddress(a, port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // getByAddress only throws for a wrong length
        }
        throw new IllegalArgumentException("address family " + family);
    }

    /** Decodes with a one-entry memory; one per thread. */
    static final class Decoder {
        private final MemorySegment last;
        private InetSocketAddress decoded;

        Decoder(Arena arena) {
            last = arena.allocate(io.throng.packet.sys.MessageBatch.ADDRESS_SIZE);
        }

        InetSocketAddress decode(MemorySegment src) {
            if (decoded != null && same(src)) {
                return decoded;
            }
            decoded = SocketAddresses.decode(src);
            MemorySegment.copy(src, 0, last, 0, 28);
            return decoded;
        }

        /**
         * IPv4: family, port and address (0..8). IPv6: family and port (0..4), address and scope (8..28);
         * the flow label (4..8) is not the peer's identity. Bytes past the kernel's address length may be
         * stale, and a difference there only costs a fresh decode.
         */
        private boolean same(MemorySegment src) {
            if (MemorySegment.mismatch(src, 0, 4, last, 0, 4) != -1) {
                return false;
            }
            return src.get(ValueLayout.JAVA_SHORT, 0) == AF_INET
                    ? MemorySegment.mismatch(src, 4, 8, last, 4, 8) == -1
                    : MemorySegment.mismatch(src, 8, 28, last, 8, 28) == -1;
        }
    }
}
