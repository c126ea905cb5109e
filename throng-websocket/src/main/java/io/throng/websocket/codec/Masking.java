package io.throng.websocket.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The RFC 6455 §5.3 payload mask: XOR with a 4-byte key, repeating. Works in place, eight bytes at a
 * time through {@link ByteBuffer#getLong(int)}, on any slice of a payload: {@code payloadOffset} is the
 * index within the payload of the first byte, so a payload that arrives in pieces is unmasked piece by
 * piece with the right key rotation.
 */
public final class Masking {
    private Masking() {}

    /**
     * XORs bytes {@code [from, to)} of {@code buf} (absolute indices; position and limit untouched) with
     * {@code key} (big-endian: its high byte masks payload byte 0), the first of them being payload byte
     * {@code payloadOffset}. Masking and unmasking are the same operation.
     */
    public static void mask(ByteBuffer buf, int from, int to, int key, long payloadOffset) {
        int k = Integer.rotateLeft(key, 8 * (int) (payloadOffset & 3));
        long k8 = ((long) k << 32) | (k & 0xFFFFFFFFL);
        if (buf.order() == ByteOrder.LITTLE_ENDIAN) {
            k8 = Long.reverseBytes(k8);
        }
        int i = from;
        for (; i + 8 <= to; i += 8) {
            buf.putLong(i, buf.getLong(i) ^ k8);
        }
        // Eight is a multiple of four, so the key is back at its first byte here.
        for (int j = 0; i < to; i++, j++) {
            buf.put(i, (byte) (buf.get(i) ^ (k >>> (24 - 8 * (j & 3)))));
        }
    }
}
