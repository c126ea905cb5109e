package io.throng.websocket.codec;

import java.nio.ByteBuffer;

/**
 * Writes frames. A server sends unmasked frames; a client masks every frame with a fresh key that the
 * caller supplies (see {@code WebSocket} for where keys come from).
 */
public final class FrameEncoder {
    private FrameEncoder() {}

    /** Header bytes for a payload of {@code length}: 2, 4 or 10, plus 4 for a mask key. */
    public static int headerLength(long length, boolean masked) {
        int n = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        return masked ? n + 4 : n;
    }

    /** Writes one header at {@code out}'s position, using the shortest length form. */
    public static void writeHeader(ByteBuffer out, boolean fin, int rsv, int opcode, long length, boolean masked, int maskKey) {
        out.put((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
        int maskBit = masked ? 0x80 : 0;
        if (length <= 125) {
            out.put((byte) (maskBit | length));
        } else if (length <= 0xFFFF) {
            out.put((byte) (maskBit | 126));
            out.putShort((short) length);
        } else {
            out.put((byte) (maskBit | 127));
            out.putLong(length);
        }
        if (masked) {
            out.putInt(maskKey);
        }
    }

    /** Appends one frame carrying {@code payload}'s remaining bytes (not consumed) to {@code out}. */
    public static void writeFrame(ByteBuffer out, boolean fin, int rsv, int opcode, ByteBuffer payload, boolean masked, int maskKey) {
        int n = payload.remaining();
        writeHeader(out, fin, rsv, opcode, n, masked, maskKey);
        int start = out.position();
        out.put(payload.duplicate());
        if (masked) {
            Masking.mask(out, start, start + n, maskKey, 0);
        }
    }

    /** One whole frame in a new buffer, flipped for reading. */
    public static ByteBuffer frame(boolean fin, int rsv, int opcode, ByteBuffer payload, boolean masked, int maskKey) {
        ByteBuffer out = ByteBuffer.allocate(headerLength(payload.remaining(), masked) + payload.remaining());
        writeFrame(out, fin, rsv, opcode, payload, masked, maskKey);
        return out.flip();
    }

    /**
     * A close frame's payload: the code in two bytes then the UTF-8 reason, cut at a character boundary
     * so the whole payload fits the 125-byte control frame limit. {@link CloseCodes#NO_STATUS} gives an
     * empty payload.
     */
    public static ByteBuffer closePayload(int code, String reason) {
        if (code == CloseCodes.NO_STATUS) {
            return ByteBuffer.allocate(0);
        }
        if (!CloseCodes.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code not allowed on the wire: " + code);
        }
        byte[] r = reason == null ? new byte[0] : reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int len = Math.min(r.length, 123);
        while (len > 0 && len < r.length && (r[len] & 0xC0) == 0x80) {
            len--; // do not split a character
        }
        ByteBuffer p = ByteBuffer.allocate(2 + len);
        p.putShort((short) code).put(r, 0, len);
        return p.flip();
    }
}
