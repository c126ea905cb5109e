package io.throng.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.http.HttpServer;
import io.throng.http.Router;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP proxy's pipes switch between their fast path and their toxics while requests flow: stream
 * toxics of every kind are added and removed again and again, each way, while clients pipeline POSTs
 * whose bodies are numbered ints to throng-http's server, which echoes each body. The client checks
 * every int of every response, so a byte lost, duplicated or reordered at a switch (on either pipe, or
 * between the pipes and the HTTP side) breaks the framing or the numbering and fails the test.
 */
class HttpSwitchTest {
    private static final int INTS = 1 << 20; // 4 MB each way per connection
    private static final int CONNECTIONS = 3;

    private HttpServer upstream;
    private Proxies proxies;
    private Proxy proxy;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.start("127.0.0.1", 0, new Router().post("/echo", (req, res) -> res.send(req.bodyBytes())));
        proxies = new Proxies();
        proxy = proxies.create(new Proxies.Spec("web", "127.0.0.1:0", "127.0.0.1:" + upstream.port(), true, Protocol.HTTP));
    }

    @AfterEach
    void stop() {
        proxies.close();
        upstream.close();
    }

    @Test
    void everyByteArrivesOnceInOrderAcrossSwitches() throws Exception {
        List<CompletableFuture<Void>> streams = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            SocketChannel c = Sockets.connect(proxy);
            streams.add(CompletableFuture.runAsync(() -> sendNumbered(c)));
            streams.add(CompletableFuture.runAsync(() -> checkNumbered(c)));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new));
        List<Toxic> kinds = List.of(
                new Toxic.Latency(1, 1),
                new Toxic.Slicer(100, 50, 0),
                new Toxic.Bandwidth(20_000),
                new Toxic.Partition(),
                new Toxic.LimitData(Long.MAX_VALUE / 2));
        int switches = 0;
        int movedWithToxic = 0;
        int movedWithout = 0;
        while (!all.isDone()) {
            Toxic kind = kinds.get(switches % kinds.size());
            Direction stream = switches % 2 == 0 ? Direction.UPSTREAM : Direction.DOWNSTREAM;
            proxy.addToxic(new NamedToxic("t", stream, 1f, kind));
            movedWithToxic += progressed(all) ? 1 : 0;
            proxy.removeToxic("t");
            movedWithout += progressed(all) ? 1 : 0;
            switches++;
        }
        all.get(); // a stream's failure (a wrong int, a broken response, an early end) is the test's
        assertTrue(switches >= 20, "only " + switches + " switches while the data flowed");
        assertTrue(movedWithToxic >= 5 && movedWithout >= 5,
                "bytes moved in " + movedWithToxic + " toxic and " + movedWithout + " toxic-free intervals");
    }

    /** Waits until 8 KB more went downstream, or 100 ms (a partition moves nothing); whether bytes moved. */
    private boolean progressed(CompletableFuture<Void> all) {
        long from = proxy.sentBytes(Direction.DOWNSTREAM);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        while (System.nanoTime() < deadline && !all.isDone()) {
            if (proxy.sentBytes(Direction.DOWNSTREAM) - from >= 8 * 1024) {
                return true;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return proxy.sentBytes(Direction.DOWNSTREAM) > from;
    }

    /** Pipelines POSTs whose bodies are 0, 1, 2, ... as big-endian ints, in bodies of varied sizes. */
    private static void sendNumbered(SocketChannel c) {
        try {
            int next = 0;
            int round = 0;
            while (next < INTS) {
                int n = Math.min(INTS - next, 1 + (round++ * 997) % 4096);
                byte[] head = ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + 4 * n + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                ByteBuffer b = ByteBuffer.allocate(head.length + 4 * n).put(head);
                for (int i = 0; i < n; i++) {
                    b.putInt(next++);
                }
                b.flip();
                while (b.hasRemaining()) {
                    c.write(b);
                }
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Reads the echoed bodies and checks that their ints continue the numbering, to the last. */
    private static void checkNumbered(SocketChannel c) {
        try (c) {
            HttpStreamToxicsTest.Responses in = new HttpStreamToxicsTest.Responses(c);
            int expected = 0;
            while (expected < INTS) {
                ByteBuffer body = ByteBuffer.wrap(in.nextBytes());
                assertTrue(body.remaining() > 0 && body.remaining() % 4 == 0, "a body of " + body.remaining() + " bytes");
                while (body.hasRemaining()) {
                    int got = body.getInt();
                    if (got != expected) {
                        throw new AssertionError("int " + expected + " arrived as " + got);
                    }
                    expected++;
                }
            }
            assertEquals(INTS, expected);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
