package io.throng.mongrel.zmtp;

import java.nio.ByteBuffer;

/**
 * One ZMTP 3 frame: a flags byte (bit 0 MORE, bit 1 LONG, bit 2 COMMAND; the rest must be zero), a size
 * (one byte, or eight in network order when LONG), the body. A message is frames up to the first without
 * MORE; a command is one frame and never has MORE.
 */
public record Frame(boolean more, boolean command, byte[] body) {

    static final int MORE = 1;
    static final int LONG = 2;
    static final int COMMAND = 4;
    /** The longest header: flags and an eight-byte size. */
    public static final int MAX_HEADER = 9;

    /** Writes the header of a message frame of {@code size} bytes (short form up to 255). */
    public static void putHeader(ByteBuffer out, long size, boolean more) {
        putHeader(out, size, more ? MORE : 0);
    }

    static void putHeader(ByteBuffer out, long size, int flags) {
        if (size <= 255) {
            out.put((byte) flags).put((byte) size);
        } else {
            out.put((byte) (flags | LONG)).putLong(size);
        }
    }

    /** The header's length for a body of {@code size} bytes. */
    public static int headerLength(long size) {
        return size <= 255 ? 2 : MAX_HEADER;
    }

    /** A whole message frame (header and body) in one buffer, ready to write. */
    public static ByteBuffer message(byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(headerLength(body.length) + body.length);
        putHeader(b, body.length, false);
        return b.put(body).flip();
    }

    /** A whole command frame: name length, name, data. */
    static ByteBuffer command(String name, byte[] data) {
        int size = 1 + name.length() + data.length;
        ByteBuffer b = ByteBuffer.allocate(headerLength(size) + size);
        putHeader(b, size, COMMAND);
        b.put((byte) name.length());
        for (int i = 0; i < name.length(); i++) {
            b.put((byte) name.charAt(i));
        }
        return b.put(data).flip();
    }
}
