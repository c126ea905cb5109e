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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP proxy's pipes switch between their fast path and their toxics while requests flow
 * ({@link ToxicSwitcher}): clients pipeline POSTs whose bodies are {@link Numbered} ints to throng-http's
 * server, which echoes each body. The client checks
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
        ToxicSwitcher.switchUntilDone(proxy, CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)));
    }

    /** Pipelines POSTs whose bodies are the numbered ints, in bodies of varied sizes. */
    private static void sendNumbered(SocketChannel c) {
        try {
            Numbered.Source ints = new Numbered.Source(INTS);
            while (!ints.done()) {
                int n = ints.batch();
                byte[] head = ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + 4 * n + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                ByteBuffer b = ByteBuffer.allocate(head.length + 4 * n).put(head);
                ints.put(b, n);
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
            Numbered.Check ints = new Numbered.Check();
            while (ints.count() < INTS) {
                ByteBuffer body = ByteBuffer.wrap(in.nextBytes());
                assertTrue(body.remaining() > 0 && body.remaining() % 4 == 0, "a body of " + body.remaining() + " bytes");
                ints.check(body);
            }
            assertEquals(INTS, ints.count());
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
