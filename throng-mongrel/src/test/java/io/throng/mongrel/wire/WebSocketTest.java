package io.throng.mongrel.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.throng.websocket.Handshake;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WebSocketTest {

    @Test
    void acceptKeyMatchesRfc6455Example() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.accept("dGhlIHNhbXBsZSBub25jZQ=="), "the accept the gateway sends");
    }

    @Test
    void serverFrameMatchesTheBytesMongrel2Echoed() {
        assertArrayEquals("\u0081\u0008hello ws".getBytes(StandardCharsets.ISO_8859_1), WebSocket.text("hello ws"));
    }

    @Test
    void flagsHeaderParsesAndFormats() {
        assertEquals(0x81, WebSocket.parseFlags("0x81"));
        assertEquals(0x8A, WebSocket.parseFlags("0x8a"));
        assertEquals(WebSocket.OP_CLOSE, WebSocket.opcode(WebSocket.parseFlags("0x88")));
        assertEquals("0x89", WebSocket.formatFlags(0x89));
        assertThrows(IllegalArgumentException.class, () -> WebSocket.parseFlags("0x"));
        assertThrows(IllegalArgumentException.class, () -> WebSocket.parseFlags("0x1234"));
    }

    @Test
    void lengthsUseAllThreeEncodings() {
        for (int n : new int[] {0, 125, 126, 65535, 65536, 200_000}) {
            byte[] payload = new byte[n];
            Arrays.fill(payload, (byte) 'x');
            byte[] frame = WebSocket.frame(WebSocket.OP_BINARY, payload);
            WebSocket.Frame read = WebSocket.read(frame, 0, frame.length, 1 << 20);
            assertEquals(frame.length, read.length(), "length " + n);
            assertArrayEquals(payload, read.payload());
            assertNull(WebSocket.read(frame, 0, frame.length - 1, 1 << 20), "incomplete frame of " + n);
        }
    }

    @Test
    void maskedClientFramesAreUnmasked() {
        // RFC 6455 §5.7: a masked "Hello"
        byte[] masked = {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58};
        WebSocket.Frame f = WebSocket.read(masked, 0, masked.length, 125);
        assertEquals("Hello", new String(f.payload(), StandardCharsets.US_ASCII));
        assertEquals(0x81, f.flags());
    }

    @Test
    void oversizedAndBrokenFramesAreRefused() {
        byte[] huge = {(byte) 0x82, 127, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThrows(WireFormatException.class, () -> WebSocket.read(huge, 0, huge.length, 1 << 20));
        byte[] longPing = WebSocket.frameWithFlags(0x89, new byte[126]);
        assertThrows(WireFormatException.class, () -> WebSocket.read(longPing, 0, longPing.length, 1 << 20));
    }

    @Test
    void fragmentsAreJoinedWithTheFirstOpcodeAndControlFramesPassThrough() {
        WebSocket.Assembler a = new WebSocket.Assembler(1024);
        assertNull(a.accept(frame(0x01, "hel")));
        WebSocket.Frame ping = a.accept(frame(0x89, "p"));
        assertEquals(0x89, ping.flags());
        assertNull(a.accept(frame(0x00, "lo ")));
        WebSocket.Frame whole = a.accept(frame(0x80, "ws"));
        assertEquals(0x81, whole.flags());
        assertEquals("hello ws", new String(whole.payload(), StandardCharsets.US_ASCII));
        assertThrows(WireFormatException.class, () -> a.accept(frame(0x80, "orphan")));
        WebSocket.Assembler small = new WebSocket.Assembler(4);
        small.accept(frame(0x02, "abc"));
        assertThrows(WireFormatException.class, () -> small.accept(frame(0x80, "de")));
    }

    private static WebSocket.Frame frame(int flags, String payload) {
        byte[] b = payload.getBytes(StandardCharsets.US_ASCII);
        return new WebSocket.Frame(flags, b, b.length + 2);
    }
}
