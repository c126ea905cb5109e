package io.throng.cli;

/** {@code hexdump -C}'s layout: offset, sixteen bytes in hex (two groups of eight), the printable ones. */
final class HexDump {
    private long offset;

    /** The lines for {@code length} bytes of {@code data}, continuing the offset of earlier calls. */
    String dump(byte[] data, int length) {
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < length; row += 16) {
            out.append(String.format("%08x ", offset + row));
            StringBuilder text = new StringBuilder("|");
            for (int i = 0; i < 16; i++) {
                if (i == 8) {
                    out.append(' ');
                }
                if (row + i < length) {
                    int b = data[row + i] & 0xff;
                    out.append(String.format(" %02x", b));
                    text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    out.append("   ");
                }
            }
            out.append("  ").append(text).append("|\n");
        }
        offset += length;
        return out.toString();
    }
}
