package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of the request parser: random mutations of valid requests, fed whole and in
 * random fragments. Properties: the parser never fails other than with an {@link HttpException} of an
 * allowed status; whatever it accepts is well-framed; and fragmenting the input never changes the
 * outcome. The seed is printed so a failure can be replayed.
 */
class ParserFuzzTest {
    private static final Set<Integer> ALLOWED = Set.of(400, 414, 417, 431, 501, 505);
    private static final List<String> SEEDS = List.of(
            "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
            "POST /echo?x=1 HTTP/1.1\r\nHost: a.example:8080\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\n",
            "PUT /r/1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n",
            "GET http://h/p HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /old HTTP/1.0\r\nConnection: keep-alive\r\nCookie: a=1; b=2\r\n\r\n");
    private static final byte[] INTERESTING = " \t\r\n:,;\"\0\u007f\u0080\u00ff/?#%0aAzZ-".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void mutatedRequestsAreAcceptedWellFramedOrRejectedWithA4xxOr5xx() {
        long seed = System.nanoTime();
        System.out.println("ParserFuzzTest seed " + seed);
        Random rnd = new Random(seed);
        int accepted = 0;
        int rejected = 0;
        for (int iteration = 0; iteration < 30_000; iteration++) {
            byte[] input = mutate(SEEDS.get(rnd.nextInt(SEEDS.size())).getBytes(StandardCharsets.ISO_8859_1), rnd);
            Object whole = outcome(input, new int[] {input.length});
            Object pieces = outcome(input, cuts(input.length, rnd));
            assertEquals(whole, pieces, () -> "fragmentation changed the outcome, seed " + seed + ", input "
                    + escape(input));
            if (whole instanceof Integer) {
                rejected++;
            } else if (whole != null) {
                accepted++;
            }
        }
        assertTrue(accepted > 1000 && rejected > 1000, accepted + " accepted, " + rejected + " rejected");
    }

    /** "ok:<method> <path> <length> <chunked>", a status Integer, or null when more bytes are needed. */
    private static Object outcome(byte[] input, int[] cuts) {
        RequestParser parser = new RequestParser(512, 1024, 20);
        ByteBuffer buf = ByteBuffer.allocate(2048).flip();
        int fed = 0;
        try {
            for (int cut : cuts) {
                buf.compact();
                buf.put(input, fed, cut - fed);
                buf.flip();
                fed = cut;
                RequestHead head = parser.parse(buf);
                if (head != null) {
                    checkWellFramed(head);
                    return "ok:" + head.method() + " " + head.path() + " " + head.contentLength() + " " + head.chunked()
                            + " " + head.keepAlive();
                }
            }
            return null;
        } catch (HttpException e) {
            if (!ALLOWED.contains(e.status())) {
                fail("unexpected status " + e.status() + " for " + escape(input));
            }
            return e.status();
        } catch (RuntimeException e) {
            throw new AssertionError("parser crashed on " + escape(input), e);
        }
    }

    private static void checkWellFramed(RequestHead h) {
        assertTrue(!h.method().isEmpty());
        assertTrue(h.path().startsWith("/") || h.path().equals("*"), h.path());
        assertTrue(!(h.chunked() && h.contentLength() >= 0), "both framings");
        assertTrue(h.contentLength() >= -1);
        if (h.minorVersion() == 1) {
            assertNotNull(h.host());
        }
        for (int i = 0; i < h.headers().size(); i++) {
            for (char c : h.headers().value(i).toCharArray()) {
                assertTrue(c == '\t' || (c >= 0x20 && c != 0x7f), "control character accepted");
            }
        }
    }

    private static byte[] mutate(byte[] in, Random rnd) {
        StringBuilder b = new StringBuilder(new String(in, StandardCharsets.ISO_8859_1));
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = rnd.nextInt(b.length());
            char c = (char) (INTERESTING[rnd.nextInt(INTERESTING.length)] & 0xff);
            switch (rnd.nextInt(6)) {
                case 0 -> b.setCharAt(at, c);
                case 1 -> b.insert(at, c);
                case 2 -> b.deleteCharAt(at);
                case 3 -> {
                    int lineStart = b.lastIndexOf("\r\n", at);
                    int lineEnd = b.indexOf("\r\n", at);
                    if (lineStart >= 0 && lineEnd > lineStart) {
                        b.insert(lineEnd, b.substring(lineStart, lineEnd));
                    }
                }
                case 4 -> b.insert(b.indexOf("\r\n") + 2, List.of("Content-Length: 7\r\n", "Transfer-Encoding: gzip\r\n",
                        "Host: b\r\n", " folded\r\n", "X: y\n", "Content-Length: -1\r\n").get(rnd.nextInt(6)));
                default -> b.setLength(Math.max(1, at));
            }
            if (b.isEmpty()) {
                b.append('G');
            }
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int[] cuts(int length, Random rnd) {
        int n = 1 + rnd.nextInt(5);
        int[] c = new int[n];
        for (int i = 0; i < n - 1; i++) {
            c[i] = rnd.nextInt(length + 1);
        }
        c[n - 1] = length;
        java.util.Arrays.sort(c);
        return c;
    }

    private static String escape(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }
}
