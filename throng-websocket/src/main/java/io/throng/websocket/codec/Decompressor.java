package io.throng.websocket.codec;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates permessage-deflate messages piece by piece as their frames arrive, handing the output on in
 * chunks so the caller can validate UTF-8 and enforce the message size limit on the inflated bytes
 * (a small compressed message may inflate to gigabytes). At the end of a message the stripped
 * {@code 00 00 ff ff} is fed back in (RFC 7692 §7.2.2).
 */
public final class Decompressor {
    /** Receives inflated bytes; may throw to stop (size limit, invalid UTF-8). */
    public interface Sink {
        void accept(byte[] b, int off, int len) throws WebSocketException;
    }

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final boolean resetEachMessage;
    private final byte[] chunk = new byte[16 * 1024];
    private Inflater inflater;

    /** @param noContextTakeover the peer resets its compressor per message, so we may drop our state too */
    public Decompressor(boolean noContextTakeover) {
        this.resetEachMessage = noContextTakeover;
    }

    /** Inflates all of {@code piece}'s remaining bytes. */
    public void inflate(ByteBuffer piece, Sink sink) throws WebSocketException {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        inflater.setInput(piece);
        drain(sink);
    }

    /** Ends the current message: flushes what zlib still holds. */
    public void finishMessage(Sink sink) throws WebSocketException {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        if (!inflater.finished()) {
            inflater.setInput(TAIL);
            drain(sink);
        }
        // A final (BFINAL) block ends zlib's stream; the next message needs a fresh one either way.
        if (resetEachMessage || inflater.finished()) {
            release();
        }
    }

    private void drain(Sink sink) throws WebSocketException {
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n > 0) {
                    sink.accept(chunk, 0, n);
                } else if (inflater.needsInput()) {
                    return;
                } else {
                    throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "deflate stream needs a dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "invalid deflate data: " + e.getMessage());
        }
    }

    /** Frees zlib's native memory. */
    public void release() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}
