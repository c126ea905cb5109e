package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The parser sizes each head's field offsets by the line ends its scan counted. Whatever that count says,
 * every field must come out, in order, whether the head arrives whole, byte by byte, or behind another
 * pipelined head (whose lines must not be counted again), and the field limit must hold.
 */
class HeaderCountTest {
    private static final int MAX_FIELDS = 20;

    private static String head(int fields) {
        StringBuilder b = new StringBuilder("GET /p HTTP/1.1\r\nHost: h\r\n");
        for (int i = 1; i < fields; i++) {
            b.append("X-F").append(i).append(": v").append(i).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    private static void checkFields(RequestHead h, int fields) {
        Headers hs = h.headers();
        assertEquals(fields, hs.size());
        assertEquals("h", hs.value(0));
        for (int i = 1; i < fields; i++) {
            assertEquals("X-F" + i, hs.name(i));
            assertEquals("v" + i, hs.value(i));
        }
    }

    @Test
    void everyFieldComesOutWholeAndByteByByte() {
        for (int fields : new int[] {1, 2, 9, 19, MAX_FIELDS}) {
            byte[] bytes = head(fields).getBytes(StandardCharsets.ISO_8859_1);
            RequestParser whole = new RequestParser(512, 4096, MAX_FIELDS);
            checkFields(whole.parse(ByteBuffer.wrap(bytes)), fields);

            RequestParser trickled = new RequestParser(512, 4096, MAX_FIELDS);
            ByteBuffer buf = ByteBuffer.allocate(bytes.length).flip();
            RequestHead h = null;
            for (int i = 0; i < bytes.length; i++) {
                assertNull(h, "a head before its last byte");
                buf.limit(i + 1);
                h = trickled.parse(buf.put(i, bytes[i]));
            }
            checkFields(h, fields);
        }
    }

    @Test
    void pipelinedHeadsAreCountedEachFromZero() {
        String two = head(MAX_FIELDS) + head(3) + head(MAX_FIELDS);
        ByteBuffer buf = ByteBuffer.wrap(two.getBytes(StandardCharsets.ISO_8859_1));
        RequestParser p = new RequestParser(512, 4096, MAX_FIELDS);
        checkFields(p.parse(buf), MAX_FIELDS);
        checkFields(p.parse(buf), 3);
        checkFields(p.parse(buf), MAX_FIELDS);
    }

    @Test
    void oneFieldBeyondTheLimitIs431() {
        RequestParser p = new RequestParser(512, 4096, MAX_FIELDS);
        HttpException e = assertThrows(HttpException.class,
                () -> p.parse(ByteBuffer.wrap(head(MAX_FIELDS + 1).getBytes(StandardCharsets.ISO_8859_1))));
        assertEquals(431, e.status());
    }

    /** A count that is too low (a caller that counts wrong) costs a copy, never a field. */
    @Test
    void aLowCountStillYieldsEveryField() {
        byte[] raw = head(MAX_FIELDS).getBytes(StandardCharsets.ISO_8859_1);
        int from = "GET /p HTTP/1.1\r\n".length();
        for (int expected : new int[] {-2, 0, 1, 7}) {
            Headers hs = HeaderSyntax.parseFields(raw, from, MAX_FIELDS, expected);
            assertEquals(MAX_FIELDS, hs.size());
            assertEquals("v" + (MAX_FIELDS - 1), hs.value(MAX_FIELDS - 1));
        }
    }
}
