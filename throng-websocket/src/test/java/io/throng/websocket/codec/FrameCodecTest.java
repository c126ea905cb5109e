package io.throng.websocket.codec;

import static io.throng.websocket.codec.Recorder.bytes;
import static io.throng.websocket.codec.Recorder.concat;
import static io.throng.websocket.codec.Recorder.decodeBothWays;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
    private static final int RFC_KEY = 0x37fa213d;

    private static byte[] encode(boolean fin, int opcode, byte[] payload, boolean masked, int key) {
        ByteBuffer f = FrameEncoder.frame(fin, 0, opcode, ByteBuffer.wrap(payload), masked, key);
        byte[] out = new byte[f.remaining()];
        f.get(out);
        return out;
    }

    // ---- RFC 6455 §5.7, byte for byte ----

    @Test
    void rfcUnmaskedText() throws Exception {
        byte[] wire = bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
        assertArrayEquals(wire, encode(true, Opcode.TEXT, HELLO, false, 0));
        assertEquals(List.of("text:Hello"), decodeBothWays(false, 1000, wire));
    }

    @Test
    void rfcMaskedText() throws Exception {
        byte[] wire = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        assertArrayEquals(wire, encode(true, Opcode.TEXT, HELLO, true, RFC_KEY));
        assertEquals(List.of("text:Hello"), decodeBothWays(true, 1000, wire));
    }

    @Test
    void rfcFragmentedUnmaskedText() throws Exception {
        byte[] first = bytes(0x01, 0x03, 0x48, 0x65, 0x6c);
        byte[] second = bytes(0x80, 0x02, 0x6c, 0x6f);
        assertArrayEquals(first, encode(false, Opcode.TEXT, "Hel".getBytes(StandardCharsets.US_ASCII), false, 0));
        assertArrayEquals(second, encode(true, Opcode.CONTINUATION, "lo".getBytes(StandardCharsets.US_ASCII), false, 0));
        assertEquals(List.of("text:Hello"), decodeBothWays(false, 1000, concat(first, second)));
    }

    @Test
    void rfcPingAndMaskedPong() throws Exception {
        byte[] ping = bytes(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
        byte[] pong = bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        assertArrayEquals(ping, encode(true, Opcode.PING, HELLO, false, 0));
        assertArrayEquals(pong, encode(true, Opcode.PONG, HELLO, true, RFC_KEY));
        assertEquals(List.of("ping:Hello"), decodeBothWays(false, 1000, ping));
        assertEquals(List.of("pong:Hello"), decodeBothWays(true, 1000, pong));
    }

    @Test
    void rfc256ByteAnd64KiBBinaryUseExtendedLengths() throws Exception {
        byte[] b256 = encode(true, Opcode.BINARY, new byte[256], false, 0);
        assertArrayEquals(bytes(0x82, 0x7E, 0x01, 0x00), Arrays.copyOf(b256, 4));
        assertEquals(4 + 256, b256.length);
        byte[] b64k = encode(true, Opcode.BINARY, new byte[65536], false, 0);
        assertArrayEquals(bytes(0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00), Arrays.copyOf(b64k, 10));
        assertEquals(List.of("binary:256"), decodeBothWays(false, 1 << 20, b256));
        assertEquals(List.of("binary:65536"), decodeBothWays(false, 1 << 20, b64k));
    }

    @Test
    void lengthBoundariesRoundTrip() throws Exception {
        for (int n : new int[] {0, 1, 125, 126, 127, 65535, 65536, 70000}) {
            byte[] payload = new byte[n];
            new Random(n).nextBytes(payload);
            byte[] wire = encode(true, Opcode.BINARY, payload, true, 0x01020304 * n);
            assertEquals(FrameEncoder.headerLength(n, true) + n, wire.length);
            Recorder r = new Recorder();
            new MessageDecoder(true, 1 << 20, null, r).decode(ByteBuffer.wrap(wire));
            byte[] back = new byte[r.lastBinary.remaining()];
            r.lastBinary.get(back);
            assertArrayEquals(payload, back, "length " + n);
            assertEquals(List.of("binary:" + n), r.events);
        }
    }

    // ---- masking ----

    @Test
    void longMaskingMatchesBytewiseDefinitionAtEveryOffsetAndOrder() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            byte[] data = new byte[rnd.nextInt(40)];
            rnd.nextBytes(data);
            int key = rnd.nextInt();
            int from = data.length == 0 ? 0 : rnd.nextInt(data.length);
            long offset = rnd.nextInt(1000);
            byte[] expected = data.clone();
            for (int i = from; i < data.length; i++) {
                expected[i] ^= (byte) (key >>> (24 - 8 * (int) ((offset + i - from) % 4)));
            }
            for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                ByteBuffer b = ByteBuffer.wrap(data.clone()).order(order);
                Masking.mask(b, from, data.length, key, offset);
                assertArrayEquals(expected, b.array());
            }
        }
    }

    // ---- fragmentation and control frames ----

    @Test
    void controlFramesMayComeBetweenFragments() throws Exception {
        byte[] wire = concat(
                encode(false, Opcode.TEXT, "fra".getBytes(StandardCharsets.UTF_8), true, 7),
                encode(true, Opcode.PING, "p".getBytes(StandardCharsets.UTF_8), true, 8),
                encode(false, Opcode.CONTINUATION, "gm".getBytes(StandardCharsets.UTF_8), true, 9),
                encode(true, Opcode.PONG, new byte[0], true, 10),
                encode(true, Opcode.CONTINUATION, "ent".getBytes(StandardCharsets.UTF_8), true, 11));
        assertEquals(List.of("ping:p", "pong:", "text:fragment"), decodeBothWays(true, 1000, wire));
    }

    @Test
    void emptyFragmentsAndEmptyMessages() throws Exception {
        byte[] wire = concat(
                encode(false, Opcode.TEXT, new byte[0], false, 0),
                encode(false, Opcode.CONTINUATION, new byte[0], false, 0),
                encode(true, Opcode.CONTINUATION, new byte[0], false, 0),
                encode(true, Opcode.BINARY, new byte[0], false, 0));
        assertEquals(List.of("text:", "binary:0"), decodeBothWays(false, 1000, wire));
    }

    // ---- violations ----

    private static int failure(boolean server, long max, byte[] wire) {
        return assertThrows(WebSocketException.class, () -> decodeBothWays(server, max, wire)).closeCode();
    }

    @Test
    void reservedBitsAndOpcodesAre1002() {
        assertEquals(1002, failure(false, 100, bytes(0x81 | 0x40, 0)));
        assertEquals(1002, failure(false, 100, bytes(0x81 | 0x10, 0)));
        for (int op : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            assertEquals(1002, failure(false, 100, bytes(0x80 | op, 0)), "opcode " + op);
        }
    }

    @Test
    void maskingDirectionIsEnforced() {
        assertEquals(1002, failure(true, 100, bytes(0x81, 0x00)), "server gets unmasked frame");
        assertEquals(1002, failure(false, 100, bytes(0x81, 0x80, 1, 2, 3, 4)), "client gets masked frame");
    }

    @Test
    void controlFrameRules() {
        assertEquals(1002, failure(false, 1000, concat(bytes(0x89, 126, 0, 126), new byte[126])), "ping > 125");
        assertEquals(1002, failure(false, 1000, bytes(0x09, 0x00)), "fragmented ping");
        assertEquals(1002, failure(false, 1000, bytes(0x88, 0x01, 0x03)), "close payload of one byte");
    }

    @Test
    void fragmentationRules() {
        assertEquals(1002, failure(false, 100, bytes(0x80, 0x01, 0x41)), "continuation without a message");
        assertEquals(1002, failure(false, 100, bytes(0x01, 0x01, 0x41, 0x81, 0x01, 0x41)), "text inside text");
        assertEquals(1002, failure(false, 100, bytes(0x01, 0x01, 0x41, 0x82, 0x00)), "binary inside text");
    }

    @Test
    void tooBigIs1009BeforeThePayloadArrives() {
        // Only the header of a 2^40 byte frame: refused at once.
        assertEquals(1009, failure(false, 1 << 20, bytes(0x82, 0x7F, 0, 0, 1, 0, 0, 0, 0, 0)));
        // Fragments that add up past the limit.
        byte[] f1 = encode(false, Opcode.BINARY, new byte[60], false, 0);
        byte[] f2 = encode(true, Opcode.CONTINUATION, new byte[60], false, 0);
        assertEquals(1009, failure(false, 100, concat(f1, f2)));
        assertEquals(1002, failure(false, 100, bytes(0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0)), "64-bit length with MSB set");
    }

    @Test
    void textIsValidatedAcrossFragmentsAndFailsAtTheFirstBadByte() throws Exception {
        // "κόσμε" split inside a character across frames: fine.
        byte[] kosme = "κόσμε".getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < kosme.length; cut++) {
            byte[] wire = concat(encode(false, Opcode.TEXT, Arrays.copyOf(kosme, cut), false, 0),
                    encode(true, Opcode.CONTINUATION, Arrays.copyOfRange(kosme, cut, kosme.length), false, 0));
            assertEquals(List.of("text:κόσμε"), decodeBothWays(false, 100, wire));
        }
        // A message that ends inside a character.
        assertEquals(1007, failure(false, 100, encode(true, Opcode.TEXT, bytes(0xce), false, 0)));
        // Fail fast: the first frame is enough to know (ED A0 is a surrogate), the rest never needs to come.
        byte[] bad = encode(false, Opcode.TEXT, bytes(0x41, 0xed, 0xa0, 0x80), false, 0);
        Recorder r = new Recorder();
        MessageDecoder d = new MessageDecoder(false, 1000, null, r);
        WebSocketException e = assertThrows(WebSocketException.class, () -> d.decode(ByteBuffer.wrap(Arrays.copyOf(bad, 5))));
        assertEquals(1007, e.closeCode(), "fails on the third payload byte, before the frame is complete");
    }

    @Test
    void closeFramesAreChecked() throws Exception {
        assertEquals(List.of("close:1005:"), decodeBothWays(false, 100, bytes(0x88, 0x00)));
        assertEquals(List.of("close:1000:ok"), decodeBothWays(false, 100, bytes(0x88, 0x04, 0x03, 0xe8, 'o', 'k')));
        assertEquals(List.of("close:4999:"), decodeBothWays(false, 100, bytes(0x88, 0x02, 0x13, 0x87)));
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            assertEquals(1002, failure(false, 100, bytes(0x88, 0x02, code >> 8, code & 0xff)), "code " + code);
        }
        assertEquals(1007, failure(false, 100, bytes(0x88, 0x04, 0x03, 0xe8, 0xed, 0xa0)), "reason not UTF-8");
    }

    @Test
    void closePayloadIsCutAtACharacterBoundary() {
        ByteBuffer p = FrameEncoder.closePayload(1000, "é".repeat(100));
        assertEquals(2 + 122, p.remaining());
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.closePayload(1006, ""));
    }
}
