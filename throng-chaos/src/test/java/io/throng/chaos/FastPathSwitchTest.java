package io.throng.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipe's fast path (no toxic: the reader writes straight to the other socket) and its queued path
 * (toxics) switch while data flows ({@link ToxicSwitcher}): streams of {@link Numbered} ints go through
 * the proxy to a real echo server and back, and the client checks every int, so a byte lost, duplicated
 * or reordered at a switch fails the test.
 */
class FastPathSwitchTest {
    private static final int INTS = 1 << 22; // 16 MB each way per connection
    private static final int CONNECTIONS = 4;

    private EchoPeer echo;
    private Proxies proxies;
    private Proxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoPeer();
        proxies = new Proxies();
        proxy = proxies.create(new Proxies.Spec("echo", "127.0.0.1:0", echo.address(), true));
    }

    @AfterEach
    void stop() throws IOException {
        proxies.close();
        echo.close();
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
        // Counted just after the last write returns, which may be after the client has read it.
        Timing.waitFor(() -> proxy.sentBytes(Direction.DOWNSTREAM) == 4L * INTS * CONNECTIONS);
    }

    /** Sends the numbered ints in writes of varied sizes, then a FIN. */
    private static void sendNumbered(SocketChannel c) {
        try {
            ByteBuffer b = ByteBuffer.allocate(4 * 4096);
            Numbered.Source ints = new Numbered.Source(INTS);
            while (!ints.done()) {
                b.clear();
                ints.put(b, ints.batch());
                b.flip();
                while (b.hasRemaining()) {
                    c.write(b);
                }
            }
            c.shutdownOutput();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Reads every int back through the echo and checks it is the next number; then the end of stream. */
    private static void checkNumbered(SocketChannel c) {
        try (c) {
            ByteBuffer b = ByteBuffer.allocate(64 * 1024);
            Numbered.Check ints = new Numbered.Check();
            while (true) {
                int n = c.read(b);
                b.flip();
                ints.check(b);
                b.compact();
                if (n < 0) {
                    break;
                }
            }
            assertEquals(INTS, ints.count(), "ints before the end of stream");
            assertEquals(0, b.position(), "a partial int before the end of stream");
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
