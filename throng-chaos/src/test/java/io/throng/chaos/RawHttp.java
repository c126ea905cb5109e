package io.throng.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The HTTP proxy tests' client side: raw requests to pipeline, readers of what comes back, and curl. */
final class RawHttp {
    private RawHttp() {}

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    /** A POST whose body is {@code chunks}, framed as written (size lines, data, CRLFs, trailers). */
    static String chunkedPost(String path, String chunks) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks;
    }

    /** Runs curl (30 s at most), which must succeed; its standard output's lines. */
    static List<String> curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "--max-time", "30"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(40, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "curl " + cmd + ": " + out);
        return out.lines().toList();
    }

    /** Reads until {@code end} has arrived (30 s at most). */
    static String readUntil(SocketChannel c, String end) throws IOException {
        StringBuilder all = new StringBuilder();
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!all.toString().endsWith(end)) {
            if (System.nanoTime() > deadline || c.read(b.clear()) < 0) {
                throw new AssertionError("no " + end + " in: " + all);
            }
            all.append(new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1));
        }
        return all.toString();
    }

    /** Everything until the end of stream (or a reset). */
    static String readToEnd(SocketChannel c) throws IOException {
        StringBuilder all = new StringBuilder();
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        try {
            while (c.read(b.clear()) >= 0) {
                all.append(new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            // A reset after the answer: what arrived before it is what counts.
        }
        return all.toString();
    }
}
