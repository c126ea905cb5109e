package io.throng.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipe's fast path (no toxic: the reader writes straight to the other socket) and its queued path
 * (toxics) switch while data flows: toxics of every kind are added and removed again and again while
 * streams of numbered ints go through the proxy to a real echo server and back, and the client checks
 * every int, so a byte lost, duplicated or reordered at a switch fails the test.
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
        all.get(); // a stream's failure (a wrong int, an early end) is the test's
        assertTrue(switches >= 20, "only " + switches + " switches while the data flowed");
        assertTrue(movedWithToxic >= 5 && movedWithout >= 5,
                "bytes moved in " + movedWithToxic + " toxic and " + movedWithout + " toxic-free intervals");
        // Counted just after the last write returns, which may be after the client has read it.
        ProxyTest.waitFor(() -> proxy.sentBytes(Direction.DOWNSTREAM) == 4L * INTS * CONNECTIONS);
    }

    /**
     * Waits until 8 KB more went downstream, or 100 ms (a partition moves nothing: then the interval
     * is simply its length); whether bytes moved.
     */
    private boolean progressed(CompletableFuture<Void> all) throws InterruptedException {
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

    /** Sends 0, 1, 2, ... as big-endian ints in writes of varied sizes, then a FIN. */
    private static void sendNumbered(SocketChannel c) {
        try {
            ByteBuffer b = ByteBuffer.allocate(4 * 4096);
            int next = 0;
            int round = 0;
            while (next < INTS) {
                b.clear();
                int n = Math.min(INTS - next, 1 + (round++ * 997) % 4096);
                for (int i = 0; i < n; i++) {
                    b.putInt(next++);
                }
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
            int expected = 0;
            while (true) {
                int n = c.read(b);
                b.flip();
                while (b.remaining() >= 4) {
                    int got = b.getInt();
                    if (got != expected) {
                        throw new AssertionError("int " + expected + " arrived as " + got);
                    }
                    expected++;
                }
                b.compact();
                if (n < 0) {
                    break;
                }
            }
            assertEquals(INTS, expected, "ints before the end of stream");
            assertEquals(0, b.position(), "a partial int before the end of stream");
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
