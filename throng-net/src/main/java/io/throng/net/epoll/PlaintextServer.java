package io.throng.net.epoll;

import io.throng.net.Connection;
import io.throng.net.Protocol;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The smallest HTTP/1.1 server that wrk can measure on the epoll engine: GET /plaintext answers
 * {@code Hello, World!} with keep-alive and pipelining (one write per burst of requests), anything
 * else 404. It reads heads only (no bodies, no header parsing): a benchmark fixture, not a server.
 *
 * <p>The same loop also runs on Throng's engine ({@code nio}: {@link TcpServer}, a blocking
 * {@link Connection} on a virtual thread), so that the two engines are compared doing identical work.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp throng-net/target/classes
 * io.throng.net.epoll.PlaintextServer 8080 [epoll|epoll-noyield|epoll-platform|nio]}
 */
public final class PlaintextServer implements EpollEngine.Handler {

    /** Blocking byte I/O, as both engines offer it. */
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

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        if (args.length > 1 && args[1].equals("nio")) {
            TcpServer server = TcpServer.start(ServerOptions.of("127.0.0.1", port), onConnection());
            System.out.println("nio plaintext server on 127.0.0.1:" + server.port());
        } else {
            String mode = args.length > 1 ? args[1] : "epoll";
            EpollEngine.Pollers d = EpollEngine.Pollers.byDefault();
            EpollEngine.Pollers pollers = switch (mode) {
                case "epoll" -> d;
                case "epoll-noyield" -> new EpollEngine.Pollers(d.count(), true, false);
                case "epoll-platform" -> new EpollEngine.Pollers(1, false, false); // the first prototype
                default -> throw new IllegalArgumentException("mode: nio, epoll, epoll-noyield or epoll-platform");
            };
            EpollEngine engine = EpollEngine.start(port, pollers, new PlaintextServer());
            System.out.println(mode + " plaintext server on 127.0.0.1:" + engine.port() + " with " + pollers);
        }
        Thread.currentThread().join();
    }

    /** The fixture as a {@link Protocol} on Throng's engine: it keeps its thread until the client leaves. */
    static Protocol onConnection() {
        return c -> {
            c.clearDeadline(); // the fixture has no timeouts, like the epoll engine
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
        };
    }

    @Override
    public void serve(EpollConnection c) throws IOException {
        serve(new Io() {
            @Override
            public int read(byte[] dst, int off, int len) throws IOException {
                return c.read(dst, off, len);
            }

            @Override
            public void write(byte[] src, int off, int len) throws IOException {
                c.write(src, off, len);
            }
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
