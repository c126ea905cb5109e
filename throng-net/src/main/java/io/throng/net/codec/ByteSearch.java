package io.throng.net.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finding one byte value in an array eight bytes at a time (SWAR): the line codec's scan for {@code \n},
 * on reading and on checking what it writes. A byte loop with an early exit is not vectorised by the JIT;
 * at 64-byte lines it was a tenth of the line echo's own CPU (JFR, docs/benchmarks.md).
 */
final class ByteSearch {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteSearch() {}

    /** The index of the first {@code b} in {@code buf[from, to)}, or -1. */
    static int indexOf(byte[] buf, int from, int to, byte b) {
        long pattern = (b & 0xFFL) * ONES;
        int i = from;
        for (; i <= to - 8; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ pattern; // a zero byte where b is
            // The lowest byte flagged here is the first zero byte (higher flags may be false after one):
            // little-endian, so the lowest byte is the first in the array.
            long zeros = (x - ONES) & ~x & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
