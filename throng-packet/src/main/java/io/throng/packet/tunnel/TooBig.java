package io.throng.packet.tunnel;

import io.throng.packet.Ipv4Packets;

/**
 * The answer to an IPv4 packet the device handed over above the tunnel's MTU: ICMP "fragmentation
 * needed" (type 3, code 4, RFC 792/1191) with the tunnel's MTU as the next-hop MTU, written back into
 * the device so the sender's kernel lowers its path MTU instead of losing packets silently.
 *
 * <p>Its source is the oversize packet's destination: an address on the far side of the tunnel, so the
 * kernel does not drop it as a martian (a packet arriving with one of its own addresses as source) and
 * reverse-path filtering finds the route back through the device. Answered only where RFC 1122 allows
 * an ICMP error: not for IPv6 ({@link TooBig6} answers those), not without DF (the kernel would have
 * fragmented it, so a non-DF packet here means the device's MTU was raised by hand), not for a later
 * fragment, not to a multicast, broadcast or zero source, and never about an ICMP error.
 */
final class TooBig {
    /** Header 20 + ICMP 8 + the quoted header (up to 60) and 8 bytes of its payload. */
    static final int MAX_ANSWER = 20 + 8 + 60 + 8;

    private TooBig() {}

    /** Writes the ICMP error for {@code packet[0, length)} into {@code out}; returns its length, or 0 when none is due. */
    static int answer(byte[] packet, int length, int mtu, byte[] out) {
        if (length < 20 || (packet[0] & 0xf0) != 0x40) {
            return 0;
        }
        int ihl = (packet[0] & 0x0f) * 4;
        int flagsFragment = (packet[6] & 0xff) << 8 | packet[7] & 0xff;
        boolean dontFragment = (flagsFragment & 0x4000) != 0, laterFragment = (flagsFragment & 0x1fff) != 0;
        int firstSourceByte = packet[12] & 0xff;
        if (ihl < 20 || length < ihl + 8 || !dontFragment || laterFragment
                || firstSourceByte == 0 || firstSourceByte >= 224 || isAllOnes(packet, 12)) {
            return 0;
        }
        if (packet[9] == 1 && !informational(packet[ihl] & 0xff)) {
            return 0;
        }
        int quoted = ihl + 8, total = 28 + quoted;
        out[0] = 0x45;
        out[1] = 0;
        put16(out, 2, total);
        put16(out, 4, 0);
        put16(out, 6, 0);
        out[8] = 64; // TTL
        out[9] = 1; // ICMP
        put16(out, 10, 0);
        System.arraycopy(packet, 16, out, 12, 4); // from: the packet's destination
        System.arraycopy(packet, 12, out, 16, 4); // to: its source
        put16(out, 10, Ipv4Packets.checksum(out, 0, 20, 0));
        out[20] = 3;
        out[21] = 4;
        put16(out, 22, 0);
        put16(out, 24, 0);
        put16(out, 26, mtu);
        System.arraycopy(packet, 0, out, 28, quoted);
        put16(out, 22, Ipv4Packets.checksum(out, 20, 8 + quoted, 0));
        return total;
    }

    /** Echo request/reply and the other query types: an error is never sent about an ICMP error (RFC 1122 3.2.2). */
    private static boolean informational(int type) {
        return type == 0 || type == 8 || type == 13 || type == 14;
    }

    private static boolean isAllOnes(byte[] b, int off) {
        return b[off] == -1 && b[off + 1] == -1 && b[off + 2] == -1 && b[off + 3] == -1;
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
