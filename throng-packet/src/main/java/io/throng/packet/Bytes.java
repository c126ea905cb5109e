package io.throng.packet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Big-endian reads from a frame, each bounds-checked so a short frame becomes a {@link MalformedPacketException}, never an index error. */
final class Bytes {
    private Bytes() {}

    static void need(byte[] b, int off, int len, int end, String what) {
        if (off < 0 || len < 0 || off + len > end || end > b.length) {
            throw new MalformedPacketException(what + " truncated: needs " + len + " bytes at " + off + ", frame has " + Math.min(end, b.length));
        }
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
    }

    static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }

    static InetAddress address(byte[] b, int off, int len) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, off, off + len));
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible); // only thrown for lengths other than 4 and 16
        }
    }
}
