package io.throng.websocket.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns frames into messages: reassembles fragments (with control frames allowed between them),
 * inflates compressed messages, validates text as it arrives, and checks close frames.
 *
 * <p>Failures, as {@link WebSocketException}s with their close code, happen as early as the bytes allow:
 * <ul>
 *   <li>1002: a continuation with no message open, a new message inside an open one, RSV1 on a
 *       continuation or control frame, a close payload of one byte, a close code not allowed on the wire;</li>
 *   <li>1007: text that can no longer be UTF-8, checked on every piece of every fragment (so an invalid
 *       byte fails the connection before the rest of its frame has arrived), an invalid close reason,
 *       corrupt deflate data;</li>
 *   <li>1009: a message whose (inflated) size would pass {@code maxMessageSize}, checked against the
 *       frame header before its payload is read where possible.</li>
 * </ul>
 */
public final class MessageDecoder implements FrameDecoder.Handler {
    /** Receives complete messages and control frames, in order. */
    public interface Listener {
        void onText(String text) throws WebSocketException;

        void onBinary(ByteBuffer data) throws WebSocketException;

        void onPing(ByteBuffer payload) throws WebSocketException;

        void onPong(ByteBuffer payload) throws WebSocketException;

        /** {@code code} is {@link CloseCodes#NO_STATUS} for an empty close payload. */
        void onClose(int code, String reason) throws WebSocketException;
    }

    /** No message in progress: an idle connection holds no message or control buffer. */
    private static final byte[] NONE = new byte[0];

    private final FrameDecoder frames;
    private final Listener listener;
    private final long maxMessageSize;
    private final Decompressor decompressor; // null without permessage-deflate
    private final Utf8Validator utf8 = new Utf8Validator();
    private final Decompressor.Sink appender = this::append;

    private FrameHeader frame;
    private int messageOpcode = -1; // -1: no data message open
    private boolean compressed;
    /** The data message being assembled, sized to the frames as they come; {@link #NONE} between messages. */
    private byte[] message = NONE;
    private int messageLength;
    /** The control frame being read, sized by its header (at most 125 bytes); handed on whole at its end. */
    private byte[] control = NONE;
    private int controlLength;

    /**
     * @param server true to require masked frames (we are the server)
     * @param decompressor the inflater when permessage-deflate is in force, else null
     */
    public MessageDecoder(boolean server, long maxMessageSize, Decompressor decompressor, Listener listener) {
        this.frames = new FrameDecoder(server, decompressor == null ? 0 : FrameHeader.RSV1, maxMessageSize);
        this.maxMessageSize = maxMessageSize;
        this.decompressor = decompressor;
        this.listener = listener;
    }

    /** Consumes {@code in}'s remaining bytes (unmasking them in place) and delivers what completes. */
    public void decode(ByteBuffer in) throws WebSocketException {
        frames.decode(in, this);
    }

    @Override
    public void onHeader(FrameHeader h) throws WebSocketException {
        frame = h;
        int op = h.opcode();
        if (Opcode.isControl(op)) {
            if (h.rsv() != 0) {
                throw WebSocketException.protocol("reserved bit on a control frame");
            }
            control = new byte[(int) h.length()]; // control frames are at most 125 bytes (FrameDecoder checks)
            controlLength = 0;
            return;
        }
        if (op == Opcode.CONTINUATION) {
            if (messageOpcode < 0) {
                throw WebSocketException.protocol("continuation frame with no message to continue");
            }
            if (h.rsv() != 0) {
                throw WebSocketException.protocol("reserved bit on a continuation frame");
            }
        } else {
            if (messageOpcode >= 0) {
                throw WebSocketException.protocol("new message before the previous one was finished");
            }
            messageOpcode = op;
            compressed = (h.rsv() & FrameHeader.RSV1) != 0;
            messageLength = 0;
            utf8.reset();
        }
        if (!compressed && messageLength + h.length() > maxMessageSize) {
            throw tooBig(messageLength + h.length());
        }
    }

    @Override
    public void onPayload(ByteBuffer piece) throws WebSocketException {
        if (Opcode.isControl(frame.opcode())) {
            int n = piece.remaining();
            piece.get(control, controlLength, n);
            controlLength += n;
        } else if (compressed) {
            decompressor.inflate(piece, appender);
        } else {
            int n = piece.remaining();
            ensureRoom(n);
            piece.get(message, messageLength, n);
            checkText(messageLength, n);
            messageLength += n;
        }
    }

    @Override
    public void onFrameEnd() throws WebSocketException {
        int op = frame.opcode();
        if (Opcode.isControl(op)) {
            byte[] bytes = control;
            control = NONE; // the listener owns the payload
            switch (op) {
                case Opcode.PING -> listener.onPing(ByteBuffer.wrap(bytes, 0, controlLength));
                case Opcode.PONG -> listener.onPong(ByteBuffer.wrap(bytes, 0, controlLength));
                default -> deliverClose(bytes, controlLength);
            }
            return;
        }
        if (!frame.fin()) {
            return;
        }
        if (compressed) {
            decompressor.finishMessage(appender);
        }
        int opcode = messageOpcode;
        messageOpcode = -1;
        if (opcode == Opcode.TEXT) {
            if (!utf8.isComplete()) {
                throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "text message ends inside a UTF-8 character");
            }
            String text = new String(message, 0, messageLength, StandardCharsets.UTF_8);
            message = NONE; // a single-frame message allocates exactly its size; nothing is kept while idle
            listener.onText(text);
        } else {
            ByteBuffer data = ByteBuffer.wrap(message, 0, messageLength).slice();
            message = NONE; // the listener owns the delivered bytes
            listener.onBinary(data);
        }
    }

    private void deliverClose(byte[] payload, int length) throws WebSocketException {
        if (length == 0) {
            listener.onClose(CloseCodes.NO_STATUS, "");
            return;
        }
        if (length == 1) {
            throw WebSocketException.protocol("close payload of one byte");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!CloseCodes.isValidOnWire(code)) {
            throw WebSocketException.protocol("close code not allowed: " + code);
        }
        if (!Utf8Validator.isValid(payload, 2, length - 2)) {
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "close reason is not UTF-8");
        }
        listener.onClose(code, new String(payload, 2, length - 2, StandardCharsets.UTF_8));
    }

    private void append(byte[] b, int off, int len) throws WebSocketException {
        if (messageLength + (long) len > maxMessageSize) {
            throw tooBig(messageLength + (long) len);
        }
        ensureRoom(len);
        System.arraycopy(b, off, message, messageLength, len);
        checkText(messageLength, len);
        messageLength += len;
    }

    private void checkText(int from, int len) throws WebSocketException {
        if (messageOpcode == Opcode.TEXT && !utf8.update(message, from, len)) {
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "text message is not UTF-8");
        }
    }

    private void ensureRoom(long more) {
        long need = messageLength + more;
        if (need > message.length) {
            message = Arrays.copyOf(message, (int) Math.max(need, Math.min(message.length * 2L, maxMessageSize)));
        }
    }

    private WebSocketException tooBig(long size) {
        return new WebSocketException(CloseCodes.MESSAGE_TOO_BIG, "message of " + size + "+ bytes exceeds " + maxMessageSize);
    }

    /** Frees the inflater's native memory; call once the connection is done. */
    public void release() {
        if (decompressor != null) {
            decompressor.release();
        }
    }
}
