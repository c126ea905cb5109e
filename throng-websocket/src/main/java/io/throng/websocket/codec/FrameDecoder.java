package io.throng.websocket.codec;

import java.nio.ByteBuffer;

/**
 * Incremental frame parser: feed it bytes as they arrive, in any split down to one byte at a time, and
 * it calls its {@link Handler} with each header, the payload in unmasked pieces (never buffered here:
 * a piece is a view of the caller's buffer, valid only during the call), and the end of each frame.
 *
 * <p>It enforces the rules that need only the frame itself (RFC 6455 §5.2, §5.5): defined opcodes,
 * reserved bits not granted by an extension, control frames final and at most 125 bytes, the masking
 * direction (a server requires masked frames, a client refuses them), the 64-bit length's top bit, and
 * a frame length limit (1009). Rules across frames belong to {@link MessageDecoder}. After an
 * exception the decoder is spent: the connection is being failed.
 */
public final class FrameDecoder {
    /** Receives what the decoder finds. Payload pieces are unmasked views of the input buffer. */
    public interface Handler {
        void onHeader(FrameHeader header) throws WebSocketException;

        void onPayload(ByteBuffer piece) throws WebSocketException;

        void onFrameEnd() throws WebSocketException;
    }

    private final boolean requireMasked;
    private final int allowedRsv;
    private final long maxFrameLength;

    private final byte[] header = new byte[14];
    private int headerRead;
    private int headerNeeded = 2;
    private boolean inPayload;
    private boolean masked;
    private int maskKey;
    private long remaining;
    private long payloadOffset;

    /**
     * @param requireMasked true on a server (client frames must be masked), false on a client (server
     *     frames must not be)
     * @param allowedRsv reserved bits an extension has claimed, e.g. {@link FrameHeader#RSV1}
     * @param maxFrameLength longest payload accepted; longer fails with 1009 before any payload is read
     */
    public FrameDecoder(boolean requireMasked, int allowedRsv, long maxFrameLength) {
        this.requireMasked = requireMasked;
        this.allowedRsv = allowedRsv;
        this.maxFrameLength = maxFrameLength;
    }

    /** Consumes all of {@code in}'s remaining bytes (unmasking them in place), calling the handler. */
    public void decode(ByteBuffer in, Handler handler) throws WebSocketException {
        while (in.hasRemaining()) {
            if (!inPayload) {
                if (!readHeader(in)) {
                    return;
                }
                FrameHeader h = parseHeader();
                remaining = h.length();
                payloadOffset = 0;
                inPayload = remaining > 0;
                headerRead = 0;
                headerNeeded = 2;
                handler.onHeader(h);
                if (!inPayload) {
                    handler.onFrameEnd();
                }
                continue;
            }
            int pos = in.position();
            int n = (int) Math.min(remaining, in.remaining());
            if (masked) {
                Masking.mask(in, pos, pos + n, maskKey, payloadOffset);
            }
            ByteBuffer piece = in.slice(pos, n).order(in.order());
            in.position(pos + n);
            remaining -= n;
            payloadOffset += n;
            handler.onPayload(piece);
            if (remaining == 0) {
                inPayload = false;
                handler.onFrameEnd();
            }
        }
    }

    /** Accumulates header bytes; true once the whole header (with extended length and mask key) is in. */
    private boolean readHeader(ByteBuffer in) {
        while (headerRead < headerNeeded && in.hasRemaining()) {
            header[headerRead++] = in.get();
            if (headerRead == 2) {
                int len7 = header[1] & 0x7F;
                headerNeeded = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
            }
        }
        return headerRead == headerNeeded;
    }

    private FrameHeader parseHeader() throws WebSocketException {
        int b0 = header[0] & 0xFF;
        int b1 = header[1] & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int rsv = (b0 >> 4) & 7;
        int opcode = b0 & 0xF;
        masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        int i = 2;
        long length;
        if (len7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            i = 4;
        } else if (len7 == 127) {
            length = 0;
            for (; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            if (length < 0) {
                throw WebSocketException.protocol("64-bit payload length with its most significant bit set");
            }
        } else {
            length = len7;
        }
        if (masked) {
            maskKey = ((header[i] & 0xFF) << 24) | ((header[i + 1] & 0xFF) << 16)
                    | ((header[i + 2] & 0xFF) << 8) | (header[i + 3] & 0xFF);
        }
        if (!Opcode.isDefined(opcode)) {
            throw WebSocketException.protocol("reserved opcode " + opcode);
        }
        if ((rsv & ~allowedRsv) != 0) {
            throw WebSocketException.protocol("reserved bits set without a negotiated extension: " + rsv);
        }
        if (Opcode.isControl(opcode) && (!fin || length > 125)) {
            throw WebSocketException.protocol("control frames must be final and at most 125 bytes");
        }
        if (masked != requireMasked) {
            throw WebSocketException.protocol(requireMasked ? "client frame not masked" : "server frame masked");
        }
        if (length > maxFrameLength) {
            throw new WebSocketException(CloseCodes.MESSAGE_TOO_BIG, "frame of " + length + " bytes exceeds " + maxFrameLength);
        }
        return new FrameHeader(fin, rsv, opcode, length, masked);
    }
}
