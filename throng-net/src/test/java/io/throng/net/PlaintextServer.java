package io.throng.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The smallest HTTP/1.1 server that wrk can measure: GET /plaintext answers {@code Hello, World!} with
 * keep-alive and pipelining (one write per burst of requests), anything else 404. It reads heads only
 * (no bodies, no header parsing): a fixture for {@code bench/epoll} and the engine tests, not a server.
 * It runs on {@link TcpServer} with either {@link Engine}, so that the engines are compared doing
 * identical work without the HTTP stack's own cost.
 *
 * <p>Run (test sources: {@code ./mvnw -q -B -pl throng-net test-compile}): {@code java
 * --enable-native-access=ALL-UNNAMED -cp throng-net/target/classes:throng-net/target/test-classes
 * io.throng.net.PlaintextServer 8080 [epoll|nio]}
 */
public final class PlaintextServer {

    /** Blocking byte I/O. */
    interface Io {
        /** Reads at least one byte, or returns -1 at end of stream. */
        int read(byte[] dst, int off, int len) throws IOException;

        void write(byte[] src, int off, int len) throws IOException;
    }

    private static final byte[] NOT_FOUND = ("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLAINTEXT = "GET /plaintext ".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEAD = 8192;

    private record Hello(long second, byte[] bytes) {}

    private static volatile Hello hello = hello(0);

    private PlaintextServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Engine engine = Engine.valueOf((args.length > 1 ? args[1] : "epoll").toUpperCase(java.util.Locale.ROOT));
        TcpServer server = start(ServerOptions.of("127.0.0.1", port).withEngine(engine));
        System.out.println(engine + " plaintext server on 127.0.0.1:" + server.port());
        Thread.currentThread().join();
    }

    /** Starts the fixture: each connection keeps its thread until the client leaves, with no timeouts. */
    public static TcpServer start(ServerOptions options) throws IOException {
        return TcpServer.start(options, c -> {
            c.clearDeadline();
            serve(new Io() {
                @Override
                public int read(byte[] dst, int off, int len) throws IOException {
                    return c.read(ByteBuffer.wrap(dst, off, len));
                }

                @Override
                public void write(byte[] src, int off, int len) throws IOException {
                    c.write(ByteBuffer.wrap(src, off, len));
                }
            });
            return false;
        });
    }

    private static void serve(Io c) throws IOException {
        byte[] in = new byte[MAX_HEAD];
        byte[] out = new byte[1024];
        int filled = 0;
        for (;;) {
            int n = c.read(in, filled, in.length - filled);
            if (n < 0) {
                return;
            }
            int scanFrom = Math.max(0, filled - 3);
            filled += n;
            int start = 0, outLen = 0;
            for (int end; (end = headEnd(in, Math.max(start, scanFrom), filled)) >= 0; start = end) {
                byte[] answer = startsWith(in, start, PLAINTEXT) ? today() : NOT_FOUND;
                if (outLen + answer.length > out.length) {
                    out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, outLen + answer.length));
                }
                System.arraycopy(answer, 0, out, outLen, answer.length);
                outLen += answer.length;
            }
            if (outLen > 0) {
                c.write(out, 0, outLen);
            }
            if (start == 0 && filled == in.length) {
                return; // a head larger than the buffer: a real server answers 431
            }
            System.arraycopy(in, start, in, 0, filled - start);
            filled -= start;
        }
    }

    /** The index just past the first CRLFCRLF in {@code b[from, to)}, or -1. */
    private static int headEnd(byte[] b, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        return java.util.Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
    }

    /** The 200 response with today's Date header, rebuilt at most once a second. */
    private static byte[] today() {
        long second = System.currentTimeMillis() / 1000;
        Hello h = hello;
        if (h.second != second) {
            hello = h = hello(second);
        }
        return h.bytes;
    }

    private static Hello hello(long second) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC));
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nDate: " + date
                + "\r\n\r\nHello, World!";
        return new Hello(second, head.getBytes(StandardCharsets.US_ASCII));
    }
}
