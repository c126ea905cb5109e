package io.throng.chaos;

import static io.throng.chaos.Timing.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pass-through with no toxics, relayed by a {@link PassLoop}: half closes each way, a large transfer
 * against a receiver that does not read (so the loop must hold what the receiver cannot take, and stop
 * reading), many connections at once. Each test first checks that the loop, not a pipe, carries its
 * connections, so it tests the loop's path.
 */
@Timeout(30)
class PassLoopTest {
    private ServerSocketChannel upstream;
    private Proxies proxies;
    private Proxy proxy;

    @BeforeEach
    void start() throws IOException {
        upstream = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        proxies = new Proxies();
        int port = ((InetSocketAddress) upstream.getLocalAddress()).getPort();
        proxy = proxies.create(new Proxies.Spec("raw", "127.0.0.1:0", "127.0.0.1:" + port, true));
    }

    @AfterEach
    void stop() throws IOException {
        proxies.close();
        upstream.close();
    }

    @Test
    void clientsHalfCloseReachesTheServerWhichStillAnswers() throws Exception {
        try (SocketChannel c = Sockets.connect(proxy); SocketChannel s = upstream.accept()) {
            waitFor(() -> proxy.loopRelayed() == 1);
            Sockets.send(c, "request".getBytes());
            c.shutdownOutput();
            assertArrayEquals("request".getBytes(), Sockets.read(s, 7));
            assertEquals(-1, s.read(ByteBuffer.allocate(1)), "the client's FIN reaches the server");
            Sockets.send(s, "answer after the FIN".getBytes());
            assertArrayEquals("answer after the FIN".getBytes(), Sockets.read(c, 20));
            s.shutdownOutput();
            assertEquals(-1, c.read(ByteBuffer.allocate(1)), "the server's FIN reaches the client");
        }
        waitFor(() -> proxy.connectionCount() == 0); // both ways ended: the link closed
    }

    @Test
    void serversHalfCloseReachesTheClientWhichStillSends() throws Exception {
        try (SocketChannel c = Sockets.connect(proxy); SocketChannel s = upstream.accept()) {
            waitFor(() -> proxy.loopRelayed() == 1);
            Sockets.send(s, "greeting".getBytes()); // a server that speaks first, then is done talking
            s.shutdownOutput();
            assertArrayEquals("greeting".getBytes(), Sockets.read(c, 8));
            assertEquals(-1, c.read(ByteBuffer.allocate(1)));
            Sockets.send(c, "still heard".getBytes());
            assertArrayEquals("still heard".getBytes(), Sockets.read(s, 11));
            assertEquals(1, proxy.connectionCount(), "one way ended, the other still open");
        }
    }

    @Test
    void aLargeTransferToAReceiverThatWaitsIsHeldBoundedAndArrivesWhole() throws Exception {
        byte[] data = new byte[32 << 20];
        new Random(20).nextBytes(data);
        try (SocketChannel c = Sockets.connect(proxy); SocketChannel s = upstream.accept()) {
            waitFor(() -> proxy.loopRelayed() == 1);
            CompletableFuture<Void> sending = sendThenFin(c, data);
            // The server reads nothing yet: the kernel's buffers fill, and the loop must keep the rest of
            // a read the server's socket could not take (and stop reading the client).
            waitFor(() -> proxy.bufferedBytes() > 0);
            assertTrue(proxy.bufferedBytes() <= Pipe.CHUNK, "at most one read held: " + proxy.bufferedBytes());
            assertArrayEquals(data, Sockets.read(s, data.length));
            assertEquals(-1, s.read(ByteBuffer.allocate(1)), "the FIN after every byte");
            sending.join();
        }
        waitFor(() -> proxy.bufferedBytes() == 0 && proxy.sentBytes(Direction.UPSTREAM) == data.length);
    }

    @Test
    void whatTheLoopHoldsGoesOutFirstWhenAToxicHandsTheLinkToItsPipes() throws Exception {
        byte[] data = new byte[16 << 20];
        new Random(21).nextBytes(data);
        try (SocketChannel c = Sockets.connect(proxy); SocketChannel s = upstream.accept()) {
            waitFor(() -> proxy.loopRelayed() == 1);
            CompletableFuture<Void> sending = sendThenFin(c, data);
            waitFor(() -> proxy.bufferedBytes() > 0); // the loop holds part of a read: the server reads nothing yet
            proxy.addToxic(new NamedToxic("lag", Direction.UPSTREAM, 1f, new Toxic.Latency(1, 0)));
            waitFor(() -> proxy.loopRelayed() == 0);
            assertArrayEquals(data, Sockets.read(s, data.length));
            assertEquals(-1, s.read(ByteBuffer.allocate(1)), "the FIN after every byte");
            sending.join();
        }
    }

    @Test
    void manyConnectionsAtOnceEachGetTheirOwnBytesBack() throws Exception {
        int connections = 300;
        List<SocketChannel> clients = new ArrayList<>();
        List<SocketChannel> servers = new ArrayList<>();
        // Resources close in reverse: the sockets first, so a failed check cannot leave the executor
        // waiting for tasks blocked on them.
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
                AutoCloseable sockets = () -> closeAll(clients, servers)) {
            for (int i = 0; i < connections; i++) {
                clients.add(Sockets.connect(proxy));
                servers.add(upstream.accept());
            }
            waitFor(() -> proxy.loopRelayed() == connections);
            for (SocketChannel s : servers) {
                threads.submit(() -> {
                    echoUntilEnd(s);
                    return null;
                });
            }
            List<Future<?>> checks = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                SocketChannel c = clients.get(i);
                byte[] mine = new byte[64 * 1024 + i * 97];
                new Random(i).nextBytes(mine);
                checks.add(threads.submit(() -> {
                    Future<?> sent = threads.submit(() -> {
                        Sockets.send(c, mine);
                        c.shutdownOutput();
                        return null;
                    });
                    assertArrayEquals(mine, Sockets.read(c, mine.length));
                    assertEquals(-1, c.read(ByteBuffer.allocate(1)), "the echo's FIN after its bytes");
                    sent.get();
                    return null;
                }));
            }
            for (Future<?> f : checks) {
                f.get();
            }
            waitFor(() -> proxy.connectionCount() == 0); // each ended both ways, before the clients close
        }
    }

    private static void closeAll(List<SocketChannel> clients, List<SocketChannel> servers) throws IOException {
        for (SocketChannel c : clients) {
            c.close();
        }
        for (SocketChannel s : servers) {
            s.close();
        }
    }

    /** The server side of one connection: echoes until the client's FIN, then sends its own. */
    private static void echoUntilEnd(SocketChannel s) throws IOException {
        try (s) {
            ByteBuffer b = ByteBuffer.allocate(16 * 1024);
            while (s.read(b) >= 0) {
                b.flip();
                while (b.hasRemaining()) {
                    s.write(b);
                }
                b.clear();
            }
            s.shutdownOutput();
        }
    }

    /** Sends {@code data} and then a FIN from another thread: the receiver is not reading yet. */
    private static CompletableFuture<Void> sendThenFin(SocketChannel c, byte[] data) {
        return CompletableFuture.runAsync(() -> {
            try {
                Sockets.send(c, data);
                c.shutdownOutput();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }
}
