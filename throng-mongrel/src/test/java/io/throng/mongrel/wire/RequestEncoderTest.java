package io.throng.mongrel.wire;

import static io.throng.mongrel.wire.Captures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gateway's direct request encoder against the general codec (itself tested byte for byte on
 * Mongrel2's captures): both must give the same bytes for the same headers, whatever they hold.
 */
class RequestEncoderTest {

    private static final String SENDER = Captures.UUID;

    /** The general path: a Request record through MessageCodec. */
    private static byte[] viaRecord(List<String[]> headers, String path, byte[] body, HeaderFormat format) {
        Headers.Builder b = Headers.builder();
        headers.forEach(h -> b.add(h[0], h[1]));
        return MessageCodec.encode(new Request(SENDER, 42, path, b.build(), body, format));
    }

    private static byte[] direct(List<String[]> headers, String path, byte[] body, HeaderFormat format) {
        RequestEncoder e = new RequestEncoder(format);
        headers.forEach(h -> e.add(h[0], h[1]));
        return e.encode(SENDER, 42, path, body);
    }

    private static void assertSame(List<String[]> headers, String path, byte[] body) {
        for (HeaderFormat f : HeaderFormat.values()) {
            assertArrayEquals(viaRecord(headers, path, body, f), direct(headers, path, body, f), f + " " + path);
        }
    }

    private static String[] h(String name, String value) {
        return new String[] {name, value};
    }

    @Test
    void repeatedNamesBecomeAListAtTheFirstPositionEvenWhenInterleaved() {
        List<String[]> headers = List.of(h("METHOD", "GET"), h("x-test", "a"), h("host", "h"), h("x-test", "b"),
                h("accept", "*/*"), h("x-test", "c"), h("X-Test", "case differs: another name"), h("host", "again"));
        assertSame(headers, "/p", new byte[0]);
        String wire = new String(direct(headers, "/p", new byte[0], HeaderFormat.JSON), java.nio.charset.StandardCharsets.UTF_8);
        // Not only equal to the general codec: the list really is there, where the name first came.
        assertEquals(true, wire.contains("\"x-test\":[\"a\",\"b\",\"c\"],\"host\":[\"h\",\"again\"]"), wire);
    }

    @Test
    void escapesQuotesBackslashesControlCharactersAndNonAscii() {
        List<String[]> headers = List.of(h("quote\"name", "a\"b\\c"), h("ctl", "\u0000\u0001\b\t\n\f\r\u001f\u007f"),
                h("utf8", "grüße, 日本, é"), h("astral", "emoji \uD83D\uDE00 and a lone \uD800 half"), h("empty", ""));
        assertSame(headers, "/pfad/%C3%BC/\u00fc", new byte[0]);
    }

    @Test
    void bodiesPassVerbatimBinaryEmptyAndLarge() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i; // ',' ':' and NUL among them
        }
        byte[] large = new byte[300_000];
        new Random(7).nextBytes(large);
        List<String[]> headers = List.<String[]>of(h("METHOD", "POST"));
        assertSame(headers, "/b", binary);
        assertSame(headers, "/b", new byte[0]);
        assertSame(headers, "/b", large);
    }

    @Test
    void manyHeadersWithRepeatsAsThrongHttpWouldAllow() {
        List<String[]> headers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            headers.add(h("n" + (i % 37), "v" + i));
        }
        assertSame(headers, "/many", new byte[0]);
    }

    @Test
    void refusesWhatTheRecordRefuses() {
        RequestEncoder e = new RequestEncoder(HeaderFormat.JSON).add("METHOD", "GET");
        assertThrows(IllegalArgumentException.class, () -> e.encode(SENDER, 1, "/with space", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> e.encode(SENDER, 1, "", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> e.encode("two words", 1, "/p", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> e.encode(SENDER, -1, "/p", new byte[0]));
    }

    @Test
    void reEncodesMongrel2sCapturedJsonRequestByteForByte() {
        byte[] wire = bytes(Captures.JSON_POST);
        Request r = assertInstanceOf(Request.class, MessageCodec.decodeInbound(wire));
        RequestEncoder e = new RequestEncoder(HeaderFormat.JSON);
        for (Map.Entry<String, List<String>> field : r.headers().entries().entrySet()) {
            field.getValue().forEach(v -> e.add(field.getKey(), v));
        }
        assertArrayEquals(wire, e.encode(r.sender(), r.connectionId(), r.path(), r.body()));
    }

    @Test
    void randomHeaderListsGiveTheGeneralCodecsBytes() {
        Random random = new Random(18);
        String[] names = {"METHOD", "host", "x-a", "x-b", "accept", "X-A", "cookie"};
        String alphabet = "ab\"\\\u0001\u00e9\u65e5 ,:{}[]";
        for (int round = 0; round < 2_000; round++) {
            List<String[]> headers = new ArrayList<>();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                StringBuilder v = new StringBuilder();
                for (int k = random.nextInt(6); k > 0; k--) {
                    v.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                headers.add(h(names[random.nextInt(names.length)], v.toString()));
            }
            byte[] body = new byte[random.nextInt(40)];
            random.nextBytes(body);
            assertSame(headers, "/r" + round, body);
        }
    }
}
