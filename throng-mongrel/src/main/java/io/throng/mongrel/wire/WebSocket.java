package io.throng.mongrel.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * WebSocket (RFC 6455) the way Mongrel2 splits the work: the server computes {@code Sec-WebSocket-Accept}
 * (with throng-websocket's {@code Handshake.accept}), unmasks client frames, reassembles fragments and hands each message over with {@code FLAGS} = the first
 * frame byte with FIN forced on; the handler writes the 101 response and complete, unmasked server frames.
 */
public final class WebSocket {

    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;
    public static final int FIN = 0x80;

    private WebSocket() {}

    /** The 101 response a handler sends back for a handshake whose body is {@code accept}. */
    public static byte[] handshakeResponse(String accept) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code FLAGS} header value for a first frame byte: {@code "0x81"}. */
    public static String formatFlags(int flags) {
        return "0x" + HexFormat.of().withUpperCase().toHexDigits((byte) flags);
    }

    /** Parses a {@code FLAGS} header ({@code "0x81"}, any case, prefix optional). */
    public static int parseFlags(String flags) {
        String hex = flags.startsWith("0x") || flags.startsWith("0X") ? flags.substring(2) : flags;
        if (hex.isEmpty() || hex.length() > 2) {
            throw new IllegalArgumentException("FLAGS must be one hex byte: '" + flags + "'");
        }
        return HexFormat.fromHexDigits(hex);
    }

    public static int opcode(int flags) {
        return flags & 0x0F;
    }

    /** One complete server frame (FIN set, unmasked). */
    public static byte[] frame(int opcode, byte[] payload) {
        return frameWithFlags(FIN | (opcode & 0x0F), payload);
    }

    public static byte[] text(String utf8) {
        return frame(OP_TEXT, utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame with a status code and a UTF-8 reason. */
    public static byte[] close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        return frame(OP_CLOSE, payload);
    }

    /** A server frame whose first byte is exactly {@code flags} (FIN, RSV bits, opcode). */
    public static byte[] frameWithFlags(int flags, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 10);
        out.write(flags);
        int n = payload.length;
        if (n < 126) {
            out.write(n);
        } else if (n <= 0xFFFF) {
            out.write(126);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) n >> shift));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /**
     * One frame read off the wire: its first byte, and its payload already unmasked.
     *
     * @param length bytes the frame took in the buffer
     */
    public record Frame(int flags, byte[] payload, int length) {
        public Frame {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        public int opcode() {
            return flags & 0x0F;
        }

        public boolean fin() {
            return (flags & FIN) != 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && flags == f.flags && length == f.length && Arrays.equals(payload, f.payload);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * flags + length) + Arrays.hashCode(payload);
        }
    }

    /**
     * Reads one frame (masked or not) from {@code buf[from..to)}; returns {@code null} when more bytes are
     * needed. A payload over {@code maxPayload} is refused before anything is allocated for it.
     */
    public static Frame read(byte[] buf, int from, int to, long maxPayload) {
        if (to - from < 2) {
            return null;
        }
        int flags = buf[from] & 0xFF;
        int second = buf[from + 1] & 0xFF;
        boolean masked = (second & 0x80) != 0;
        long len = second & 0x7F;
        int pos = from + 2;
        if (len == 126) {
            if (to - pos < 2) {
                return null;
            }
            len = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
            pos += 2;
        } else if (len == 127) {
            if (to - pos < 8) {
                return null;
            }
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | (buf[pos + i] & 0xFF);
            }
            pos += 8;
            if (len < 0) {
                throw new WireFormatException("WebSocket payload length has the top bit set", from);
            }
        }
        if (len > maxPayload) {
            throw new WireFormatException("WebSocket payload of " + len + " bytes exceeds " + maxPayload, from);
        }
        if ((flags & 0x08) != 0 && (len > 125 || (flags & FIN) == 0)) {
            throw new WireFormatException("control frame fragmented or longer than 125 bytes", from);
        }
        int maskAt = pos;
        if (masked) {
            pos += 4;
        }
        if ((long) to - pos < len) {
            return null;
        }
        byte[] payload = Arrays.copyOfRange(buf, pos, pos + (int) len);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= buf[maskAt + (i & 3)];
            }
        }
        return new Frame(flags, payload, pos + (int) len - from);
    }

    /**
     * Joins fragmented data frames into one message like Mongrel2: control frames pass through at once,
     * a fragmented message comes out whole with the first fragment's opcode and FIN set. Not thread-safe:
     * one per connection.
     */
    public static final class Assembler {
        private final long maxMessage;
        private ByteArrayOutputStream partial;
        private int firstFlags;

        public Assembler(long maxMessage) {
            this.maxMessage = maxMessage;
        }

        /** Returns the message this frame completes, or {@code null} while a fragmented message is open. */
        public Frame accept(Frame frame) {
            int op = frame.opcode();
            if ((op & 0x08) != 0) {
                return frame;
            }
            if (op == OP_CONTINUATION) {
                if (partial == null) {
                    throw new WireFormatException("continuation frame without a first fragment", 0);
                }
            } else {
                if (partial != null) {
                    throw new WireFormatException("new data frame while a fragmented message is open", 0);
                }
                if (frame.fin()) {
                    return frame;
                }
                partial = new ByteArrayOutputStream();
                firstFlags = frame.flags() | FIN;
            }
            if (partial.size() + (long) frame.payload.length > maxMessage) {
                throw new WireFormatException("WebSocket message exceeds " + maxMessage + " bytes", 0);
            }
            partial.writeBytes(frame.payload);
            if (!frame.fin()) {
                return null;
            }
            byte[] whole = partial.toByteArray();
            partial = null;
            return new Frame(firstFlags, whole, whole.length);
        }
    }
}
