package io.throng.load.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.websocket.Handshake;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WsClientCodecTest {

    @Test
    void acceptMatchesTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.accept("dGhlIHNhbXBsZSBub25jZQ=="));
        assertNull(WsClientCodec.checkHead("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", "dGhlIHNhbXBsZSBub25jZQ=="));
        assertEquals("upgrade refused: HTTP/1.1 404 Not Found",
                WsClientCodec.checkHead("HTTP/1.1 404 Not Found\r\n\r\n", "x"));
    }

    @Test
    void parsesCompleteFramesAndLeavesAPartialOne() {
        byte[] a = serverFrame("{\"type\":\"ack\"}");
        byte[] b = serverFrame("x".repeat(300));
        ByteBuffer in = ByteBuffer.allocate(a.length + b.length);
        in.put(a).put(b, 0, 10).flip();
        List<String> got = new ArrayList<>();
        assertTrue(WsClientCodec.parse(in, 1 << 20, (fin, op, buf, off, len) ->
                got.add(new String(buf, off, len, StandardCharsets.UTF_8))));
        assertEquals(List.of("{\"type\":\"ack\"}"), got);
        assertEquals(a.length, in.position());
    }

    @Test
    void refusesAMaskedServerFrame() {
        ByteBuffer masked = WsClientCodec.clientFrame(WsClientCodec.OP_TEXT, "hi".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer copy = ByteBuffer.allocate(masked.remaining()).put(masked).flip();
        assertFalse(WsClientCodec.parse(copy, 1 << 20, (fin, op, buf, off, len) -> { }));
    }

    /** An unmasked frame as a server writes it. */
    static byte[] serverFrame(String text) {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(p.length + 4);
        b.put((byte) 0x81);
        if (p.length < 126) {
            b.put((byte) p.length);
        } else {
            b.put((byte) 126).putShort((short) p.length);
        }
        b.put(p);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }
}
