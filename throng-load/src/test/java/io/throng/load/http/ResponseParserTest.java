package io.throng.load.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

    private final List<String> seen = new ArrayList<>();
    private final ResponseParser.Listener listener = (status, close) -> seen.add(status + (close ? " close" : ""));

    /** Feeds the text in pieces of {@code step} bytes, so every boundary falls everywhere once. */
    private void feed(ResponseParser p, String text, int step) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += step) {
            p.feed(ByteBuffer.wrap(bytes, i, Math.min(step, bytes.length - i)), listener);
        }
    }

    private static final String PIPELINED = "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello, World!"
            + "HTTP/1.1 404 Not Found\r\ntransfer-encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: x\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\n\r\n"
            + "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"
            + "HTTP/1.1 503 Busy\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno";

    @Test
    void framesPipelinedResponsesWhateverTheReadBoundaries() throws Exception {
        for (int step = 1; step <= PIPELINED.length(); step++) {
            seen.clear();
            ResponseParser p = new ResponseParser(false);
            feed(p, PIPELINED, step);
            assertEquals(List.of("200", "404", "204", "200 close", "503 close"), seen, "step " + step);
            assertTrue(p.idle());
        }
    }

    @Test
    void headResponsesHaveNoBodyDespiteContentLength() throws Exception {
        ResponseParser p = new ResponseParser(true);
        feed(p, "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n", 7);
        assertEquals(List.of("200", "200"), seen);
    }

    @Test
    void bodyWithoutLengthEndsWithTheConnection() throws Exception {
        ResponseParser p = new ResponseParser(false);
        feed(p, "HTTP/1.1 200 OK\r\n\r\nsome body of unknown length", 5);
        assertEquals(List.of(), seen);
        p.end(listener);
        assertEquals(List.of("200 close"), seen);
    }

    @Test
    void truncatedResponseIsAnError() throws Exception {
        ResponseParser p = new ResponseParser(false);
        feed(p, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 100);
        assertThrows(ResponseParser.ProtocolException.class, () -> p.end(listener));
    }

    @Test
    void rejectsWhatIsNotHttp() {
        for (String bad : List.of("SSH-2.0-OpenSSH_9.2\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
                "HTTP/1.1 200 OK\r\nX: " + "a".repeat(10_000) + "\r\n\r\n")) {
            ResponseParser p = new ResponseParser(false);
            assertThrows(ResponseParser.ProtocolException.class, () -> feed(p, bad, 64), bad.substring(0, Math.min(30, bad.length())));
        }
    }
}
