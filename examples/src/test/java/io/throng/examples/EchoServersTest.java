package io.throng.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The echo server of docs/concurrency.md in every style, each run as a reader would run it and driven by
 * the same clients: hostile ones first (a client that sends and never reads, then resets; one that
 * connects and leaves), then many at once with random message sizes, then one large transfer that only
 * flow control gets through. Every byte must come back, in order, to the connection that sent it.
 */
class EchoServersTest {

    private static final Duration START = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {
        "coroutines/java/EchoThreads.java",
        "coroutines/java/EchoThrong.java",
        "coroutines/java/EchoCallbacks.java",
        "coroutines/python/echo_generators.py",
        "coroutines/python/echo_gevent.py",
        "coroutines/python/echo_twisted.py",
        "coroutines/python/echo_asyncio.py",
        "coroutines/python/echo_tornado.py",
        "coroutines/go/echo.go",
    })
    void echoesEveryByteToItsSenderWhateverOtherClientsDo(String example) throws Exception {
        try (ExampleProcess server = ExampleProcess.start(example, "0")) {
            String first = server.nextLine(START);
            assertTrue(first.matches("listening \\d+"), "first line: " + first);
            int port = Integer.parseInt(first.substring("listening ".length()));

            leaveAtOnce(port);
            sendWithoutReadingThenReset(port);
            manyClientsAtOnce(port, 100, 20);
            oneLargeTransfer(port, 4 << 20);
            assertTrue(server.isAlive(), "the server died; stderr:\n" + server.stderr());
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000); // a server that stops answering fails the test instead of hanging it
        return socket;
    }

    private static void leaveAtOnce(int port) throws IOException {
        connect(port).close();
    }

    /** Fills the server's send buffer towards a client that never reads, then resets the connection. */
    private static void sendWithoutReadingThenReset(int port) throws IOException {
        try (Socket socket = connect(port)) {
            socket.setSoLinger(true, 0); // close() sends RST
            socket.getOutputStream().write(new byte[64 * 1024]);
        }
    }

    private static void manyClientsAtOnce(int port, int clients, int messages) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                long seed = c;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    try (Socket socket = connect(port)) {
                        for (int m = 0; m < messages; m++) {
                            byte[] sent = new byte[1 + random.nextInt(20_000)];
                            random.nextBytes(sent);
                            socket.getOutputStream().write(sent);
                            assertArrayEquals(sent, socket.getInputStream().readNBytes(sent.length),
                                    "client " + seed + " message " + m);
                        }
                        socket.shutdownOutput();
                        assertEquals(-1, socket.getInputStream().read(), "the server closes after the client");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
    }

    /** Writes more than any socket buffer holds while a second thread reads: only flow control finishes it. */
    private static void oneLargeTransfer(int port, int size) throws Exception {
        byte[] sent = new byte[size];
        new SplittableRandom(42).nextBytes(sent);
        try (Socket socket = connect(port); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<byte[]> echoed = pool.submit(() -> {
                InputStream in = socket.getInputStream();
                return in.readNBytes(size);
            });
            OutputStream out = socket.getOutputStream();
            for (int at = 0; at < size; at += 8192) {
                out.write(sent, at, Math.min(8192, size - at));
            }
            assertArrayEquals(sent, echoed.get(120, TimeUnit.SECONDS));
        }
    }
}
