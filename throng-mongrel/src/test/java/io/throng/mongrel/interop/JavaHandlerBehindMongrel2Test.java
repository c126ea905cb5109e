package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.wire.Request;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Throng's Java SDK serving through a real Mongrel2 1.12, JSON headers. */
class JavaHandlerBehindMongrel2Test extends JavaHandlerScenarios {

    @Override
    String protocol() {
        return "json";
    }

    @Test
    void headersArriveAsMongrel2DocumentsThem() throws Exception {
        demo.seen.clear();
        Curl.run("-H", "X-Test: a", "-H", "X-Test: b", server.url("/echo/h?q=1"));
        Request r = demo.seen.poll(10, TimeUnit.SECONDS);
        assertEquals(HeaderFormat.JSON, r.format());
        assertEquals(SEND_IDENT, r.sender());
        assertEquals("GET", r.method());
        assertEquals("/echo/h", r.headers().get("PATH", null));
        assertEquals("/echo/h?q=1", r.headers().get("URI", null));
        assertEquals("q=1", r.headers().get("QUERY", null));
        assertEquals("/", r.headers().get("PATTERN", null));
        assertEquals("127.0.0.1", r.headers().get("REMOTE_ADDR", null));
        assertEquals("127.0.0.1", r.headers().get("x-forwarded-for", null));
        assertEquals(List.of("a", "b"), r.headers().all("x-test"));
    }

    @Test
    void aClientThatGivesUpIsReportedAsDisconnected() throws Exception {
        demo.disconnected.clear();
        demo.seen.clear();
        try (Curl c = Curl.start("-m", "1", server.url("/wait/giveup"))) {
            Request held = demo.seen.poll(10, TimeUnit.SECONDS);
            assertTrue(held != null && held.path().equals("/wait/giveup"));
            // Other tests' clients may still be reported as they go: wait for this one's notice.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            Long gone;
            do {
                gone = demo.disconnected.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } while (gone != null && gone != held.connectionId());
            assertEquals(held.connectionId(), gone, "the held client's disconnect notice");
        }
    }

    @Test
    void emptyReplyAndCancelControlBothCloseTheClient() throws Exception {
        for (String path : new String[] {"/close", "/cancel"}) {
            Process p = new ProcessBuilder("curl", "-s", "-m", "10", server.url(path))
                    .redirectErrorStream(true).start();
            try {
                byte[] out = p.getInputStream().readAllBytes();
                assertTrue(p.waitFor(15, TimeUnit.SECONDS));
                assertEquals(52, p.exitValue(), path + ": curl's 'empty reply from server', got output "
                        + new String(out, java.nio.charset.StandardCharsets.UTF_8));
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void webSocketFlagsAreMongrel2s() throws Exception {
        demo.flags.clear();
        webSocketEcho();
        assertEquals("0x81", demo.flags.get(0), demo.flags.toString());
        assertEquals("0x82", demo.flags.get(1), demo.flags.toString());
        assertEquals("0x81", demo.flags.get(2), "fragmented or not, the message comes with the first opcode");
        assertEquals("0x89", demo.flags.get(3));
        assertEquals("0x88", demo.flags.get(4));
    }
}
