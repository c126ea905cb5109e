package io.throng.http.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written server for misbehaving peers: each accepted connection runs {@code script} on a
 * virtual thread, with the connection's index (0 for the first).
 */
final class RawServer implements AutoCloseable {
    interface Script {
        void run(Socket s, int index) throws Exception;
    }

    private final ServerSocket server;
    final AtomicInteger accepted = new AtomicInteger();

    RawServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    int index = accepted.getAndIncrement();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            script.run(s, index);
                        } catch (Exception ignored) {
                            // the client may hang up first; the test checks what the client saw
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    /** Reads one request head (up to the empty line). */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
