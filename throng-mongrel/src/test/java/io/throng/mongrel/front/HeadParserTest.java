package io.throng.mongrel.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relay's head parser: what it forwards, and every framing it must refuse rather than guess at. */
class HeadParserTest {

    private static HeadParser.Head parse(String head) throws HeadParser.Refused {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        return HeadParser.parse(b, 0, b.length, 1024);
    }

    private static int refusal(String head) {
        return assertThrows(HeadParser.Refused.class, () -> parse(head), head).status;
    }

    @Test
    void parsesAHeadAndLeavesTheBodyAndNextRequestAlone() throws Exception {
        String two = "POST /a/b?x=1 HTTP/1.1\r\nHost: h\r\nX-T: a\r\nX-T: b\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\n";
        HeadParser.Head h = parse(two);
        ClientRequest r = h.request();
        assertEquals("POST", r.method());
        assertEquals("/a/b", r.path());
        assertEquals("x=1", r.query());
        assertEquals("/a/b?x=1", r.target());
        assertEquals(3, h.contentLength());
        assertEquals(two.indexOf("abc"), h.length());
        assertEquals(List.of("a", "b"), r.fields().stream().filter(f -> f.name().equals("X-T")).map(ClientRequest.Field::value).toList());
    }

    @Test
    void anIncompleteHeadWaitsForMoreBytes() throws Exception {
        assertNull(parse("GET / HTTP/1.1\r\nHost: h\r\n"));
        assertEquals(431, refusal("GET /" + "x".repeat(2000) + " HTTP/1.1\r\n"));
    }

    @Test
    void ambiguousFramingIsRefused() {
        assertEquals(501, refusal("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertEquals(400, refusal("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n"));
        assertEquals(400, refusal("POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\n"));
        assertEquals(400, refusal("POST / HTTP/1.1\r\nContent-Length: 1234567890123456\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nX : a\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nX: a\nY: b\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n"));
        assertEquals(400, refusal("GET  / HTTP/1.1\r\n\r\n"));
        assertEquals(400, refusal("GET http://evil/ HTTP/1.1\r\n\r\n"));
        assertEquals(505, refusal("GET / HTTP/2.0\r\n\r\n"));
    }
}
