package io.throng.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.MemoryStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedText}: server connections queue one encoding of it; every connection it does not suit
 * (a client, permessage-deflate, a fragment size below the message) encodes the text itself, as
 * {@link WebSocket#queueText(CharSequence)} would. Read as raw bytes on the peer's side, so the frame
 * header itself is checked, not only the text a decoder makes of it.
 */
class SharedTextTest {
    /** Multi-byte characters: 300 characters, 750 bytes of UTF-8 (a 16-bit length); a length in chars would be wrong. */
    private static final String WIDE = "é€😀".repeat(75);

    private static WebSocket open(MemoryStream.Pair p, Role role, Negotiated negotiated, WebSocketConfig config) {
        return WebSocket.start(p.server(), role, negotiated, config, null, new WebSocketListener() {});
    }

    /** One frame's header and payload as the peer reads them (unmasked if masked). */
    private record Read(int first, boolean masked, byte[] payload) {}

    private static Read read(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        int len = second & 0x7F;
        long n = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
        boolean masked = (second & 0x80) != 0;
        byte[] key = new byte[4];
        if (masked) {
            in.readFully(key);
        }
        byte[] payload = new byte[Math.toIntExact(n)];
        in.readFully(payload);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return new Read(first, masked, payload);
    }

    private static DataInputStream peer(MemoryStream.Pair p) {
        return new DataInputStream(Channels.newInputStream(p.client()));
    }

    @Test
    void serverConnectionsSendTheSharedFrameOfMultiByteText() throws Exception {
        SharedText shared = new SharedText(WIDE);
        byte[] utf8 = WIDE.getBytes(StandardCharsets.UTF_8);
        try (MemoryStream.Pair a = MemoryStream.pair(1 << 20); MemoryStream.Pair b = MemoryStream.pair(1 << 20)) {
            for (MemoryStream.Pair p : new MemoryStream.Pair[] {a, b}) {
                WebSocket ws = open(p, Role.SERVER, Negotiated.NONE, WebSocketConfig.DEFAULTS);
                assertEquals(SendResult.QUEUED, ws.queueText(shared));
                assertTrue(shared.isEncoded(), "a server connection queues the shared encoding");
                assertEquals(SendResult.QUEUED, ws.queueText(shared), "and may queue it twice");
                ws.flush();
                for (int i = 0; i < 2; i++) {
                    Read r = read(peer(p));
                    assertEquals(0x81, r.first(), "a final, uncompressed text frame");
                    assertFalse(r.masked(), "a server does not mask");
                    assertArrayEquals(utf8, r.payload(), "the text's UTF-8, its length in bytes");
                }
            }
        }
    }

    @Test
    void aClientMasksItsOwnFrameAndLeavesTheSharedOneUnbuilt() throws Exception {
        SharedText shared = new SharedText(WIDE);
        try (MemoryStream.Pair p = MemoryStream.pair(1 << 20)) {
            WebSocket ws = open(p, Role.CLIENT, Negotiated.NONE, WebSocketConfig.DEFAULTS);
            assertEquals(SendResult.QUEUED, ws.queueText(shared));
            ws.flush();
            Read r = read(peer(p));
            assertEquals(0x81, r.first());
            assertTrue(r.masked(), "a client masks every frame (RFC 6455 §5.3)");
            assertEquals(WIDE, new String(r.payload(), StandardCharsets.UTF_8));
            assertFalse(shared.isEncoded());
        }
    }

    @Test
    void withDeflateTheConnectionCompressesItsOwn() throws Exception {
        SharedText shared = new SharedText(WIDE);
        Negotiated deflate = new Negotiated(null, new DeflateParameters(false, false, 15, 15));
        try (MemoryStream.Pair p = MemoryStream.pair(1 << 20)) {
            WebSocket ws = open(p, Role.SERVER, deflate, WebSocketConfig.DEFAULTS.withDeflate(DeflateOptions.ENABLED));
            assertEquals(SendResult.QUEUED, ws.queueText(shared));
            ws.flush();
            Read r = read(peer(p));
            assertEquals(0xC1, r.first(), "a final text frame with RSV1: compressed");
            assertTrue(r.payload().length < WIDE.getBytes(StandardCharsets.UTF_8).length / 4, "a repeated text shrinks");
            assertFalse(shared.isEncoded());
        }
    }

    @Test
    void longerThanTheFragmentSizeIsFragmentedAndExactlyItIsShared() throws Exception {
        WebSocketConfig config = WebSocketConfig.DEFAULTS.withFragmentSize(8);
        SharedText longer = new SharedText("0123456789abcdefghij");
        SharedText exact = new SharedText("01234567");
        try (MemoryStream.Pair p = MemoryStream.pair(1 << 20)) {
            WebSocket ws = open(p, Role.SERVER, Negotiated.NONE, config);
            ws.queueText(longer);
            ws.queueText(exact);
            ws.flush();
            DataInputStream in = peer(p);
            Read first = read(in);
            Read second = read(in);
            Read last = read(in);
            assertEquals(0x01, first.first(), "text, not final");
            assertEquals("01234567", new String(first.payload(), StandardCharsets.US_ASCII));
            assertEquals(0x00, second.first(), "continuation, not final");
            assertEquals("89abcdef", new String(second.payload(), StandardCharsets.US_ASCII));
            assertEquals(0x80, last.first(), "continuation, final");
            assertEquals("ghij", new String(last.payload(), StandardCharsets.US_ASCII));
            assertFalse(longer.isEncoded(), "a fragmented message is this connection's own");
            Read whole = read(in);
            assertEquals(0x81, whole.first());
            assertEquals("01234567", new String(whole.payload(), StandardCharsets.US_ASCII));
            assertTrue(exact.isEncoded(), "a message of exactly the fragment size is one frame: shared");
        }
    }
}
