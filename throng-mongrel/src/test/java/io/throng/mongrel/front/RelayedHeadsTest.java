package io.throng.mongrel.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.throng.http.HttpException;
import io.throng.http.HttpOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The heads the relay parses itself, with the gateway's limits: what it forwards, and every framing it
 * must refuse rather than guess at (throng-http's refusals, and what the relay cannot forward).
 */
class RelayedHeadsTest {

    private static RelayedHeads.Head parse(ByteBuffer in) {
        return new RelayedHeads(HttpOptions.defaults()).parse(in);
    }

    private static RelayedHeads.Head parse(String head) {
        return parse(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static int refusal(String head) {
        return assertThrows(HttpException.class, () -> parse(head), head).status();
    }

    @Test
    void parsesAHeadAndLeavesTheBodyAndNextRequestAlone() {
        String two = "POST /a/b?x=1 HTTP/1.1\r\nHost: h\r\nX-T: a\r\nX-T: b\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\n";
        ByteBuffer in = ByteBuffer.wrap(two.getBytes(StandardCharsets.ISO_8859_1));
        RelayedHeads.Head h = parse(in);
        ClientRequest r = h.request();
        assertEquals("POST", r.method());
        assertEquals("/a/b", r.path());
        assertEquals("x=1", r.query());
        assertEquals("/a/b?x=1", r.target());
        assertEquals(3, h.contentLength());
        assertEquals(two.indexOf("abc"), in.position());
        assertEquals(List.of("a", "b"), r.fields().stream().filter(f -> f.name().equals("X-T")).map(ClientRequest.Field::value).toList());
    }

    @Test
    void anIncompleteHeadWaitsForMoreBytes() {
        assertNull(parse("GET / HTTP/1.1\r\nHost: h\r\n"));
        assertEquals(431, refusal("GET / HTTP/1.1\r\nHost: h\r\nX: " + "x".repeat(15 * 1024) + "\r\n"));
        assertEquals(414, refusal("GET /" + "x".repeat(9000) + " HTTP/1.1\r\n"));
    }

    @Test
    void ambiguousFramingIsRefused() {
        assertEquals(501, refusal("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertEquals(400, refusal("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n"));
        assertEquals(400, refusal("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\n"));
        assertEquals(400, refusal("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1234567890123456789\r\n\r\n"));
        assertEquals(413, refusal("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1234567890123456\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n folded\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nX : a\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nX: a\nY: b\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nX: a\u0000b\r\n\r\n"));
        assertEquals(400, refusal("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(400, refusal("GET http://evil/ HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(505, refusal("GET / HTTP/2.0\r\nHost: h\r\n\r\n"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\n\r\n"));
    }
}
