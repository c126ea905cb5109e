package io.throng.websocket.codec;

import io.throng.websocket.DeflateParameters;

import io.throng.websocket.DeflateOptions;

import static io.throng.websocket.codec.Recorder.bytes;
import static io.throng.websocket.codec.Recorder.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeflateTest {

    private static List<String> decode(boolean noContextTakeover, byte[] wire) throws WebSocketException {
        Recorder r = new Recorder();
        new MessageDecoder(false, 1 << 20, new Decompressor(noContextTakeover), r).decode(ByteBuffer.wrap(wire));
        return r.events;
    }

    // ---- RFC 7692 §7.2.3 examples ----

    @Test
    void rfcHelloSingleFrame() throws Exception {
        assertEquals(List.of("text:Hello"), decode(false, bytes(0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00)));
    }

    @Test
    void rfcHelloFragmented() throws Exception {
        assertEquals(List.of("text:Hello"), decode(false, bytes(0x41, 0x03, 0xf2, 0x48, 0xcd, 0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00)));
    }

    @Test
    void rfcSharedWindowSecondMessageRefersToTheFirst() throws Exception {
        byte[] first = bytes(0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00);
        byte[] second = bytes(0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00);
        assertEquals(List.of("text:Hello", "text:Hello"), decode(false, concat(first, second)));
        // Our compressor produces exactly these bytes too.
        Compressor c = new Compressor(java.util.zip.Deflater.DEFAULT_COMPRESSION, 15, false);
        assertEquals(ByteBuffer.wrap(bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00)), c.compress(ascii("Hello")));
        assertEquals(ByteBuffer.wrap(bytes(0xf2, 0x00, 0x11, 0x00, 0x00)), c.compress(ascii("Hello")));
        c.release();
    }

    @Test
    void rfcStoredBlockBfinalAndTwoBlocks() throws Exception {
        assertEquals(List.of("text:Hello"),
                decode(false, bytes(0xc1, 0x0b, 0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00)));
        assertEquals(List.of("text:Hello"), decode(false, bytes(0xc1, 0x08, 0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00)));
        assertEquals(List.of("text:Hello"), decode(false,
                bytes(0xc1, 0x0d, 0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00)));
    }

    @Test
    void emptyMessageCompressesToASingleZeroByte() throws Exception {
        Compressor c = new Compressor(6, 15, false);
        assertEquals(ByteBuffer.wrap(bytes(0x00)), c.compress(ByteBuffer.allocate(0)));
        c.release();
        assertEquals(List.of("binary:0"), decode(false, bytes(0xc2, 0x01, 0x00)));
    }

    @Test
    void emptyMessagesBetweenOthersWithContextTakeover() throws Exception {
        Compressor c = new Compressor(6, 15, false);
        Recorder r = new Recorder();
        MessageDecoder d = new MessageDecoder(false, 1000, new Decompressor(false), r);
        for (String s : new String[] {"a", "", "", "b", "", "bb"}) {
            ByteBuffer z = c.compress(ascii(s));
            assertTrue(z.remaining() > 0, "a compressed message is never empty");
            d.decode(FrameEncoder.frame(true, FrameHeader.RSV1, Opcode.TEXT, z, false, 0));
        }
        assertEquals(List.of("text:a", "text:", "text:", "text:b", "text:", "text:bb"), r.events);
        c.release();
    }

    // ---- round trips ----

    @Test
    void roundTripsWithEveryCompressorMode() throws Exception {
        Random rnd = new Random(7692);
        for (int windowBits : new int[] {15, 9}) {
            for (boolean noTakeover : new boolean[] {false, true}) {
                Compressor c = new Compressor(6, windowBits, noTakeover);
                Recorder r = new Recorder();
                MessageDecoder d = new MessageDecoder(false, 1 << 22, new Decompressor(noTakeover), r);
                for (int i = 0; i < 20; i++) {
                    String text = "message " + i + " " + "abc".repeat(rnd.nextInt(3000)) + "ü€😀";
                    ByteBuffer z = c.compress(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                    d.decode(FrameEncoder.frame(true, FrameHeader.RSV1, Opcode.TEXT, z, false, 0));
                    assertEquals("text:" + text, r.events.getLast(), "bits " + windowBits + " noTakeover " + noTakeover);
                }
                c.release();
            }
        }
    }

    @Test
    void aLimitedWindowGetsHuffmanOnlyOutputWithNoBackReferences() throws Exception {
        byte[] repetitive = "abcdefgh".repeat(4096).getBytes(StandardCharsets.US_ASCII); // 32 KiB, 8 distinct bytes
        int full = new Compressor(6, 15, true).compress(ByteBuffer.wrap(repetitive)).remaining();
        ByteBuffer huffman = new Compressor(6, 9, true).compress(ByteBuffer.wrap(repetitive));
        assertTrue(full < 200, "LZ77 finds the repeats: " + full);
        // Eight equally frequent symbols take three bits each: a literal-only stream is about 3/8 of the input.
        assertTrue(huffman.remaining() >= repetitive.length * 3 / 8, "no matches were used: " + huffman.remaining());
        Recorder r = new Recorder();
        new MessageDecoder(false, 1 << 20, new Decompressor(true), r)
                .decode(FrameEncoder.frame(true, FrameHeader.RSV1, Opcode.BINARY, huffman, false, 0));
        assertEquals(List.of("binary:" + repetitive.length), r.events);
    }

    @Test
    void inflatedSizeIsLimitedNotTheCompressedSize() {
        Compressor c = new Compressor(9, 15, true);
        ByteBuffer bomb = c.compress(ByteBuffer.allocate(10_000_000)); // ten million zeros, ~10 KB compressed
        assertTrue(bomb.remaining() < 20_000);
        MessageDecoder d = new MessageDecoder(false, 1 << 20, new Decompressor(false), new Recorder());
        WebSocketException e = assertThrows(WebSocketException.class,
                () -> d.decode(FrameEncoder.frame(true, FrameHeader.RSV1, Opcode.BINARY, bomb, false, 0)));
        assertEquals(1009, e.closeCode());
    }

    @Test
    void rsv1WithoutNegotiationOrOnContinuationIs1002() {
        WebSocketException e = assertThrows(WebSocketException.class,
                () -> new MessageDecoder(false, 100, null, new Recorder()).decode(ByteBuffer.wrap(bytes(0xc1, 0x01, 0x00))));
        assertEquals(1002, e.closeCode());
        e = assertThrows(WebSocketException.class, () -> decode(false, bytes(0x41, 0x01, 0xf2, 0xc0, 0x01, 0x48)));
        assertEquals(1002, e.closeCode());
        e = assertThrows(WebSocketException.class, () -> decode(false, bytes(0xc9, 0x00)));
        assertEquals(1002, e.closeCode(), "RSV1 on a ping");
    }

    @Test
    void corruptDeflateDataIs1007() {
        WebSocketException e = assertThrows(WebSocketException.class, () -> decode(false, bytes(0xc2, 0x02, 0xff, 0xff)));
        assertEquals(1007, e.closeCode());
    }

    // ---- negotiation ----

    @Test
    void serverAcceptsTheFirstOfferItCanHonour() {
        DeflateOptions on = DeflateOptions.ENABLED;
        assertEquals(Optional.empty(), PerMessageDeflate.accept("permessage-deflate", DeflateOptions.DISABLED));
        assertEquals("permessage-deflate", PerMessageDeflate.accept("permessage-deflate; client_max_window_bits", on)
                .orElseThrow().toResponseHeader());
        assertEquals("permessage-deflate; server_no_context_takeover; server_max_window_bits=10",
                PerMessageDeflate.accept("permessage-deflate; server_no_context_takeover; server_max_window_bits=10", on)
                        .orElseThrow().toResponseHeader());
        // Unknown parameter and bad value: declined; the next offer is taken.
        assertEquals("permessage-deflate; client_no_context_takeover",
                PerMessageDeflate.accept("permessage-deflate; foo, permessage-deflate; server_max_window_bits=16, "
                        + "permessage-deflate; client_no_context_takeover", on).orElseThrow().toResponseHeader());
        assertEquals(Optional.empty(), PerMessageDeflate.accept("x-webkit-deflate-frame, permessage-deflate; server_no_context_takeover=1", on));
        assertEquals(Optional.empty(), PerMessageDeflate.accept("permessage-deflate; client_no_context_takeover; client_no_context_takeover", on));
        // Our own wish for no context takeover is granted/asked even if the client did not offer it.
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                PerMessageDeflate.accept("permessage-deflate", on.withNoContextTakeover(true, true)).orElseThrow().toResponseHeader());
    }

    @Test
    void clientChecksTheServersAnswer() throws Exception {
        DeflateOptions on = DeflateOptions.ENABLED;
        assertEquals(Optional.empty(), PerMessageDeflate.clientAccept(null, on));
        assertEquals(new DeflateParameters(false, false, 12, 15),
                PerMessageDeflate.clientAccept("permessage-deflate; server_max_window_bits=12", on).orElseThrow());
        assertThrows(WebSocketException.class, () -> PerMessageDeflate.clientAccept("permessage-deflate; client_max_window_bits=10", on),
                "a window limit we did not offer to accept");
        assertEquals(new DeflateParameters(false, false, 15, 10), PerMessageDeflate.clientAccept(
                "permessage-deflate; client_max_window_bits=10", on.withOfferClientMaxWindowBits(true)).orElseThrow());
        assertThrows(WebSocketException.class, () -> PerMessageDeflate.clientAccept("permessage-deflate; foo", on));
        assertThrows(WebSocketException.class, () -> PerMessageDeflate.clientAccept("x-other", on));
        assertThrows(WebSocketException.class, () -> PerMessageDeflate.clientAccept("permessage-deflate", DeflateOptions.DISABLED));
        assertEquals("permessage-deflate; server_no_context_takeover; client_max_window_bits",
                PerMessageDeflate.clientOffer(on.withNoContextTakeover(true, false).withOfferClientMaxWindowBits(true)).orElseThrow());
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
