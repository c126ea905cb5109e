package io.throng.packet.filter;

import static io.throng.packet.filter.Expr.and;
import static io.throng.packet.filter.Expr.or;

import io.throng.packet.filter.Expr.Test;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * What each word of the vocabulary means, as tests on an untagged Ethernet frame, following the code
 * tcpdump (libpcap) generates: {@code host} on IPv4 also matches ARP and RARP sender and target
 * addresses; {@code port} matches TCP, UDP and SCTP and, on IPv4, only a first fragment; {@code tcp},
 * {@code udp} and {@code icmp6} on IPv6 also look behind one fragment header. IPv6 extension headers
 * are otherwise not followed (neither does libpcap).
 */
final class Primitives {
    enum Dir { SRC, DST, EITHER }

    static final int ETHERTYPE_IP = 0x0800, ETHERTYPE_ARP = 0x0806, ETHERTYPE_RARP = 0x8035, ETHERTYPE_IP6 = 0x86dd;
    static final int TCP = 6, UDP = 17, SCTP = 132, ICMP = 1, ICMP6 = 58, FRAGMENT = 44;

    private Primitives() {}

    static Expr etherType(int type) {
        return test(2, 12, type);
    }

    static Expr ipProtocol(int protocol) {
        return and(etherType(ETHERTYPE_IP), test(1, 23, protocol));
    }

    static Expr ip6Protocol(int protocol) {
        return and(etherType(ETHERTYPE_IP6), or(test(1, 20, protocol), and(test(1, 20, FRAGMENT), test(1, 54, protocol))));
    }

    /** tcp, udp: either IP version. */
    static Expr protocol(int protocol) {
        return or(ip6Protocol(protocol), ipProtocol(protocol));
    }

    /** [tcp|udp] [src|dst] port N; {@code protocols} are those the port may belong to. */
    static Expr port(int[] protocols, Dir dir, int port) {
        Expr[] v6 = new Expr[protocols.length], v4 = new Expr[protocols.length];
        for (int i = 0; i < protocols.length; i++) {
            v6[i] = test(1, 20, protocols[i]);
            v4[i] = test(1, 23, protocols[i]);
        }
        Expr ip6 = and(etherType(ETHERTYPE_IP6), or(v6), direction(dir, test(2, 54, port), test(2, 56, port)));
        Expr firstFragment = new Test(2, 20, false, 0x1fff, 0);
        Expr ip = and(etherType(ETHERTYPE_IP), or(v4), firstFragment,
                direction(dir, new Test(2, 0, true, 0xffff, port), new Test(2, 2, true, 0xffff, port)));
        return or(ip6, ip);
    }

    /**
     * [ip|ip6|arp] [src|dst] host|net: {@code address} with its first {@code prefix} bits significant.
     * {@code family} is "ip", "ip6", "arp" or null for any that fits the address.
     */
    static Expr address(String family, Dir dir, InetAddress address, int prefix) {
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address) {
            long value = toLong(a, 0), mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            Expr ip = and(etherType(ETHERTYPE_IP), direction(dir, new Test(4, 26, false, mask, value), new Test(4, 30, false, mask, value)));
            Expr arpFields = direction(dir, new Test(4, 28, false, mask, value), new Test(4, 38, false, mask, value));
            Expr arp = and(etherType(ETHERTYPE_ARP), arpFields), rarp = and(etherType(ETHERTYPE_RARP), arpFields);
            return family == null ? or(ip, arp, rarp) : family.equals("ip") ? ip : arp;
        }
        return and(etherType(ETHERTYPE_IP6), direction(dir, words(a, prefix, 22), words(a, prefix, 38)));
    }

    /** The four 32-bit words of an IPv6 address at {@code offset}, masked to {@code prefix} bits; words wholly outside the prefix are not tested. */
    private static Expr words(byte[] a, int prefix, int offset) {
        Expr all = null;
        for (int w = 0; w < 4 && prefix > 32 * w; w++) {
            int bits = Math.min(32, prefix - 32 * w);
            long mask = (0xffffffffL << (32 - bits)) & 0xffffffffL;
            Expr t = new Test(4, offset + 4 * w, false, mask, toLong(a, 4 * w) & mask);
            all = all == null ? t : and(all, t);
        }
        return all == null ? etherType(ETHERTYPE_IP6) : all;
    }

    private static Expr direction(Dir dir, Expr src, Expr dst) {
        return switch (dir) {
            case SRC -> src;
            case DST -> dst;
            case EITHER -> or(src, dst);
        };
    }

    private static Test test(int size, int offset, long value) {
        return new Test(size, offset, false, size == 4 ? 0xffffffffL : (1L << (8 * size)) - 1, value);
    }

    private static long toLong(byte[] a, int off) {
        return (a[off] & 0xffL) << 24 | (a[off + 1] & 0xffL) << 16 | (a[off + 2] & 0xffL) << 8 | a[off + 3] & 0xffL;
    }
}
