package io.throng.net.tls;

import io.throng.net.ByteStream;
import io.throng.net.Engine;
import io.throng.net.Protocol;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TcpServer on either engine whose protocol detaches each connection, runs a TLS handshake over its
 * stream, and then runs a {@link Session}: by default it answers a GET with a tiny HTTP response naming
 * what was negotiated, or echoes whatever else it reads. Handshakes and failures are queued for the tests to inspect.
 */
final class TlsServerFixture implements AutoCloseable {
    final TcpServer server;
    final TlsContext context;
    final BlockingQueue<TlsInfo> handshakes = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

    /** The body of {@code GET /big}: 1 MiB, many records, sent with one gathering write. */
    static final byte[] BIG_BODY = new byte[1 << 20];

    static {
        for (int i = 0; i < BIG_BODY.length; i++) {
            BIG_BODY[i] = (byte) (i % 251);
        }
    }

    /** What the server does with a stream once its handshake is done. */
    interface Session {
        void serve(TlsStream tls) throws IOException;
    }

    TlsServerFixture(Engine engine, TlsConfig config) throws Exception {
        this(engine, config, TlsServerFixture::serve);
    }

    TlsServerFixture(Engine engine, TlsConfig config, Session session) throws Exception {
        context = TlsContext.of(config);
        ServerOptions options = ServerOptions.of("127.0.0.1", 0).withTick(Duration.ofMillis(20)).withEngine(engine);
        server = TcpServer.start(options, protocol(session));
    }

    int port() {
        return server.port();
    }

    private Protocol protocol(Session session) {
        return c -> {
            ByteBuffer received = ByteBuffer.allocate(4096);
            if (c.read(received) < 0) {
                return false;
            }
            ByteStream raw = c.detach();
            try (TlsStream tls = TlsStream.accept(raw, context, received.flip())) {
                handshakes.add(tls.info());
                session.serve(tls);
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            }
            return false;
        };
    }

    /** Answers a GET with a tiny HTTP response naming what was negotiated; echoes anything else. */
    private static void serve(TlsStream tls) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (tls.read(b.clear()) > 0) {
            b.flip();
            if (head.size() == 0 && !startsWithGet(b)) {
                tls.write(b); // an echo
                continue;
            }
            head.write(b.array(), 0, b.limit());
            String text = head.toString(StandardCharsets.US_ASCII);
            if (text.contains("\r\n\r\n")) {
                TlsInfo info = tls.info();
                byte[] body = text.startsWith("GET /big ") ? BIG_BODY
                        : ("hello " + info.protocol() + " " + info.serverName() + "\n").getBytes(StandardCharsets.US_ASCII);
                byte[] headers = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                tls.write(new ByteBuffer[] {ByteBuffer.wrap(headers), ByteBuffer.wrap(body)});
                return;
            }
        }
    }

    private static boolean startsWithGet(ByteBuffer b) {
        return b.remaining() >= 4 && b.get(0) == 'G' && b.get(1) == 'E' && b.get(2) == 'T' && b.get(3) == ' ';
    }

    @Override
    public void close() {
        server.close();
    }
}
