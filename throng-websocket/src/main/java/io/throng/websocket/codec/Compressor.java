package io.throng.websocket.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses whole messages for permessage-deflate (RFC 7692 §7.2.1): raw DEFLATE, flushed with
 * SYNC_FLUSH, the trailing empty stored block {@code 00 00 ff ff} removed. Not thread-safe: messages
 * must be compressed in the order they are sent, because with context takeover each one may refer
 * back into the previous ones.
 */
public final class Compressor {
    private static final int TAIL = 4;

    private final int level;
    private final boolean huffmanOnly;
    private final boolean resetEachMessage;
    private Deflater deflater;

    /**
     * @param windowBits the window the peer lets us use; below 15 we compress Huffman-only (no back-references)
     * @param noContextTakeover reset after each message; the zlib state is then freed between messages
     */
    public Compressor(int level, int windowBits, boolean noContextTakeover) {
        this.level = level;
        this.huffmanOnly = windowBits < 15;
        this.resetEachMessage = noContextTakeover;
    }

    /** The compressed form of {@code message}'s remaining bytes (consumed). */
    public ByteBuffer compress(ByteBuffer message) {
        if (deflater == null) {
            deflater = new Deflater(level, true);
            if (huffmanOnly) {
                deflater.setStrategy(Deflater.HUFFMAN_ONLY);
                // The JDK applies a strategy change on the next deflate call, and that call then does only
                // the change; make it now, while there is no input, so every message is one clean flush.
                deflater.deflate(new byte[16], 0, 16, Deflater.NO_FLUSH);
            }
        }
        deflater.setInput(message);
        byte[] out = new byte[Math.max(64, message.remaining() / 2 + 64)];
        int len = 0;
        while (true) {
            len += deflater.deflate(out, len, out.length - len, Deflater.SYNC_FLUSH);
            if (len < out.length && deflater.needsInput()) {
                break; // SYNC_FLUSH filled less than the room given: everything is out
            }
            if (len < out.length) {
                continue;
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        if (len >= TAIL && out[len - 4] == 0 && out[len - 3] == 0 && out[len - 2] == (byte) 0xFF && out[len - 1] == (byte) 0xFF) {
            len -= TAIL;
        }
        if (len == 0) {
            // zlib emits nothing for a flush with no new input right after a flush (an empty message with
            // context takeover). The peer appends 00 00 ff ff, so send the first byte of an empty stored
            // block (RFC 7692 §7.2.3.6); the stream is byte-aligned after the previous SYNC_FLUSH.
            out[len++] = 0;
        }
        if (resetEachMessage) {
            release();
        }
        return ByteBuffer.wrap(out, 0, len);
    }

    /** Frees zlib's native memory; the next message starts a fresh context. */
    public void release() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }
}
