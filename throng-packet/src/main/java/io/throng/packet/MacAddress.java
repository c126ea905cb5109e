package io.throng.packet;

import java.util.HexFormat;

/** A 48-bit link-layer address, held in the low bits of a long. */
public record MacAddress(long value) {
    public MacAddress {
        if ((value >>> 48) != 0) {
            throw new IllegalArgumentException("not a 48-bit address: " + Long.toHexString(value));
        }
    }

    static MacAddress at(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return new MacAddress(v);
    }

    /** The six bytes, most significant first. */
    public byte[] bytes() {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) (value >>> (40 - 8 * i));
        }
        return out;
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes());
    }
}
