package io.throng.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A keep-alive HTTP server for tests that answers at once, except during one stall window: every response
 * due in [first request + {@code stallAfterMillis}, + {@code stallMillis}) waits until the window ends, as
 * if the whole server paused (a GC pause, a lock, a ^Z).
 */
final class StallingServer implements AutoCloseable {
    private static final byte[] RESPONSE =
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final long stallAfterNanos;
    private final long stallNanos;
    private final AtomicLong firstRequest = new AtomicLong();
    private final Thread acceptor;

    StallingServer(long stallAfterMillis, long stallMillis) throws IOException {
        listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        stallAfterNanos = stallAfterMillis * 1_000_000;
        stallNanos = stallMillis * 1_000_000;
        acceptor = Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    private void accept() {
        try {
            while (true) {
                Socket s = listener.accept();
                Thread.ofVirtual().start(() -> serve(s));
            }
        } catch (IOException closed) {
            // listener closed: test over
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new java.io.BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            int lastFour = 0;
            int b;
            while ((b = in.read()) >= 0) {
                lastFour = (lastFour << 8) | b;
                if (lastFour == 0x0D0A0D0A) { // CRLFCRLF ends a request (the tests send no bodies)
                    lastFour = 0;
                    stallIfDue();
                    out.write(RESPONSE);
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException gone) {
            // client went away
        }
    }

    private void stallIfDue() throws InterruptedException {
        long now = System.nanoTime();
        firstRequest.compareAndSet(0, now);
        long stallStart = firstRequest.get() + stallAfterNanos;
        long stallEnd = stallStart + stallNanos;
        if (now >= stallStart && now < stallEnd) {
            // The simulated pause itself, not synchronisation: the server is meant to be unresponsive.
            Thread.sleep(java.time.Duration.ofNanos(stallEnd - now));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        acceptor.join(5_000);
    }
}
