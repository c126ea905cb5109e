package io.throng.load.chat;

import io.throng.websocket.Handshake;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The few pieces of RFC 6455 a chat client needs, written for an event loop that holds thousands of sockets:
 * the upgrade request, the accept check, masked client frames and parsing of unmasked server frames in place.
 */
final class WsClientCodec {
    static final int OP_CONTINUATION = 0;
    static final int OP_TEXT = 1;
    static final int OP_CLOSE = 8;
    static final int OP_PING = 9;
    static final int OP_PONG = 10;

    /** A fresh random Sec-WebSocket-Key. */
    static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The upgrade request for {@code path} on {@code hostHeader}. */
    static byte[] upgrade(String hostHeader, String path, String key) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Checks a complete response head (up to and including the blank line): status 101 and the right accept value.
     * Returns null when it is right, else why not.
     */
    static String checkHead(String head, String key) {
        if (!head.startsWith("HTTP/1.1 101")) {
            int eol = head.indexOf('\r');
            return "upgrade refused: " + (eol < 0 ? head : head.substring(0, eol));
        }
        String want = Handshake.accept(key);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("sec-websocket-accept")) {
                return line.substring(colon + 1).trim().equals(want) ? null : "wrong Sec-WebSocket-Accept";
            }
        }
        return "101 without Sec-WebSocket-Accept";
    }

    /** One final, masked client frame. */
    static ByteBuffer clientFrame(int opcode, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocate(header + 4 + n);
        b.put((byte) (0x80 | opcode));
        if (n < 126) {
            b.put((byte) (0x80 | n));
        } else if (n < 65536) {
            b.put((byte) (0x80 | 126)).putShort((short) n);
        } else {
            b.put((byte) (0x80 | 127)).putLong(n);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        b.putInt(mask);
        for (int i = 0; i < n; i++) {
            b.put((byte) (payload[i] ^ (mask >>> (24 - 8 * (i & 3)))));
        }
        return b.flip();
    }

    /** Receives the frames parsed from the server's byte stream. */
    interface FrameSink {
        /** One complete frame; the payload is {@code buf[offset, offset+length)}, valid only during the call. */
        void frame(boolean fin, int opcode, byte[] buf, int offset, int length);
    }

    /**
     * Parses every complete frame in {@code in} (array-backed, flipped), leaving the position at the first
     * incomplete one. Returns false if the stream is not a valid server stream (masked, reserved bits, too long).
     */
    static boolean parse(ByteBuffer in, int maxPayload, FrameSink sink) {
        byte[] a = in.array();
        int base = in.arrayOffset();
        while (in.remaining() >= 2) {
            int p = base + in.position();
            int b0 = a[p] & 0xff;
            int b1 = a[p + 1] & 0xff;
            if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0) {
                return false;
            }
            int len7 = b1 & 0x7f;
            int header = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
            if (in.remaining() < header) {
                return true;
            }
            long len = len7 < 126 ? len7
                    : len7 == 126 ? ((a[p + 2] & 0xff) << 8) | (a[p + 3] & 0xff)
                    : ByteBuffer.wrap(a, p + 2, 8).getLong();
            if (len < 0 || len > maxPayload) {
                return false;
            }
            if (in.remaining() < header + len) {
                return true;
            }
            sink.frame((b0 & 0x80) != 0, b0 & 0x0f, a, p + header, (int) len);
            in.position(in.position() + header + (int) len);
        }
        return true;
    }

    private WsClientCodec() {}
}
