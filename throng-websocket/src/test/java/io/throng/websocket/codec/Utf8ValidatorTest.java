package io.throng.websocket.codec;

import static io.throng.websocket.codec.Recorder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {

    /** Index of the byte at which a byte-by-byte feed is rejected, or -1. */
    private static int rejectedAt(byte[] b) {
        Utf8Validator v = new Utf8Validator();
        for (int i = 0; i < b.length; i++) {
            if (!v.update(b, i, 1)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void boundaryCodePointsAreValid() {
        for (int cp : new int[] {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF}) {
            byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            assertTrue(Utf8Validator.isValid(b, 0, b.length), Integer.toHexString(cp));
        }
    }

    @Test
    void failsAtTheFirstImpossibleByte() {
        assertEquals(0, rejectedAt(bytes(0x80)), "lone continuation");
        assertEquals(0, rejectedAt(bytes(0xC0, 0x80)), "overlong two-byte lead");
        assertEquals(0, rejectedAt(bytes(0xC1, 0xBF)), "overlong two-byte lead");
        assertEquals(1, rejectedAt(bytes(0xE0, 0x80, 0x80)), "overlong three-byte");
        assertEquals(1, rejectedAt(bytes(0xED, 0xA0, 0x80)), "surrogate U+D800");
        assertEquals(1, rejectedAt(bytes(0xED, 0xBF, 0xBF)), "surrogate U+DFFF");
        assertEquals(1, rejectedAt(bytes(0xF0, 0x80, 0x80, 0x80)), "overlong four-byte");
        assertEquals(1, rejectedAt(bytes(0xF4, 0x90, 0x80, 0x80)), "above U+10FFFF");
        assertEquals(0, rejectedAt(bytes(0xF5, 0x80, 0x80, 0x80)), "lead byte F5");
        assertEquals(0, rejectedAt(bytes(0xFE)), "FE");
        assertEquals(1, rejectedAt(bytes(0xC2, 0x41)), "missing continuation");
        assertEquals(3, rejectedAt(bytes(0xF0, 0x9F, 0x98, 0x41)), "cut four-byte sequence");
    }

    @Test
    void autobahnStyleKosmeEditedFailsInsideTheSecondFragment() {
        // "κόσμε" + ED A0 80 (a surrogate) + "edited": the first 12 bytes are fine, byte 12 (A0) is fatal.
        byte[] b = bytes(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80,
                0x65, 0x64, 0x69, 0x74, 0x65, 0x64);
        assertEquals(12, rejectedAt(b));
        for (int cut = 0; cut <= b.length; cut++) {
            Utf8Validator v = new Utf8Validator();
            boolean first = v.update(b, 0, cut);
            boolean second = first && v.update(b, cut, b.length - cut);
            assertEquals(cut <= 12, first, "cut " + cut);
            assertFalse(second, "cut " + cut);
        }
    }

    @Test
    void truncatedSequenceIsIncompleteNotRejected() {
        Utf8Validator v = new Utf8Validator();
        assertTrue(v.update(bytes(0xE2, 0x82), 0, 2));
        assertFalse(v.isComplete());
        assertTrue(v.update(bytes(0xAC), 0, 1), "€ completed in a later piece");
        assertTrue(v.isComplete());
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomInputAtEverySplit() {
        Random rnd = new Random(6455);
        int[] pool = {0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE,
                0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] b = new byte[rnd.nextInt(12)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) pool[rnd.nextInt(pool.length)];
            }
            boolean expected = jdkValid(b);
            int cut = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
            Utf8Validator v = new Utf8Validator();
            boolean ok = v.update(b, 0, cut) & v.update(b, cut, b.length - cut) && v.isComplete();
            assertEquals(expected, ok, () -> java.util.HexFormat.ofDelimiter(" ").formatHex(b));
        }
    }

    @Test
    void asciiFastPathHandlesLongRunsAndATrailingBadByte() {
        byte[] b = new byte[1001];
        java.util.Arrays.fill(b, (byte) 'a');
        assertTrue(Utf8Validator.isValid(b, 0, 1000));
        b[1000] = (byte) 0xFF;
        assertEquals(1000, rejectedAt(b));
        assertFalse(Utf8Validator.isValid(b, 0, 1001));
    }
}
