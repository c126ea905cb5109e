package io.throng.net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class DatagramServerTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static void awaitAtLeast(LongSupplier value, long expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (value.getAsLong() < expected) {
            if (System.nanoTime() > end) {
                throw new AssertionError("stuck at " + value.getAsLong() + ", waiting for " + expected);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aFloodRunsAtMostMaxConcurrentHandlersAndCountsEveryDrop() throws Exception {
        int max = 4;
        int flood = 300;
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        // A big receive buffer: the kernel must not be the one dropping, so every drop is the server's.
        UdpOptions options = UdpOptions.defaults().withReceiveBuffer(4 << 20);
        try (DatagramServer server = DatagramServer.start(LOOPBACK, options, max, (d, socket) -> {
                    peak.accumulateAndGet(now.incrementAndGet(), Math::max);
                    try {
                        release.await();
                    } finally {
                        now.decrementAndGet();
                        handled.incrementAndGet();
                    }
                });
             UdpSocket sender = UdpSocket.bind(LOOPBACK)) {
            for (int i = 0; i < flood; i++) {
                sender.send(("d" + i).getBytes(StandardCharsets.US_ASCII), server.localAddress());
            }
            awaitAtLeast(server::received, flood);
            assertEquals(max, server.running());
            assertEquals(flood - max, server.dropped());

            release.countDown();
            awaitAtLeast(handled::get, max);
            // Slots come back: the next datagram is handled, not dropped.
            sender.send("late".getBytes(StandardCharsets.US_ASCII), server.localAddress());
            awaitAtLeast(handled::get, max + 1);
            assertEquals(flood - max, server.dropped());
            assertEquals(flood + 1, server.received());
            assertTrue(peak.get() <= max, "peak " + peak.get());
        }
    }

    @Test
    void aFailingHandlerIsCountedAndTheServerGoesOn() throws Exception {
        AtomicInteger errors = new AtomicInteger();
        try (DatagramServer server = DatagramServer.start(LOOPBACK, UdpOptions.defaults(), 2, (d, socket) -> {
                    if (d.data()[0] == 'x') {
                        throw new IllegalStateException("boom");
                    }
                    socket.send(d.data(), d.sender());
                }, (d, e) -> errors.incrementAndGet());
             UdpSocket client = UdpSocket.bind(LOOPBACK)) {
            client.send("x".getBytes(StandardCharsets.US_ASCII), server.localAddress());
            awaitAtLeast(server::failed, 1);
            client.send("ok".getBytes(StandardCharsets.US_ASCII), server.localAddress());
            assertEquals("ok", new String(client.receive(Duration.ofSeconds(30)).data(), StandardCharsets.US_ASCII));
            assertEquals(1, errors.get());
        }
    }

    @Test
    void anOversizedDatagramReachesTheHandlerMarkedAndIsCounted() throws Exception {
        try (DatagramServer server = DatagramServer.start(LOOPBACK, UdpOptions.defaults().withMaxDatagram(8), 1,
                    (d, socket) -> socket.send((d.truncated() + ":" + d.length()).getBytes(StandardCharsets.US_ASCII), d.sender()));
             UdpSocket client = UdpSocket.bind(LOOPBACK)) {
            client.send(new byte[9], server.localAddress());
            assertEquals("true:8", new String(client.receive(Duration.ofSeconds(30)).data(), StandardCharsets.US_ASCII));
            client.send(new byte[8], server.localAddress());
            assertEquals("false:8", new String(client.receive(Duration.ofSeconds(30)).data(), StandardCharsets.US_ASCII));
            assertEquals(1, server.truncated());
        }
    }

    @Test
    void pythonClientGetsEveryEchoBack() throws Exception {
        try (DatagramServer server = DatagramServer.start(LOOPBACK, UdpOptions.defaults(), 64, (d, socket) -> socket.send(d.data(), d.sender()))) {
            // One at a time with a timeout each, so a lost datagram shows as a failure, not a hang.
            String script = """
                    import socket, sys
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    s.settimeout(30)
                    peer = ('127.0.0.1', int(sys.argv[1]))
                    for i in range(200):
                        msg = ('%d:' % i).encode() + bytes(range(i % 200))
                        s.sendto(msg, peer)
                        data, src = s.recvfrom(65535)
                        assert data == msg and src == peer, (i, data, src)
                    print('echoed 200', flush=True)
                    """;
            try (Peers.Started py = Peers.python(script, String.valueOf(server.localAddress().getPort()))) {
                assertEquals("echoed 200", py.firstLine());
            }
        }
    }

    @Test
    void shutdownClosesTheSocketAndEndsTheReceiver() throws Exception {
        DatagramServer server = DatagramServer.start(LOOPBACK, UdpOptions.defaults(), 1, (d, s) -> {});
        InetSocketAddress address = server.localAddress();
        server.shutdown(1000);
        // The port is free again: the receiver's socket is closed, not leaked.
        try (UdpSocket again = UdpSocket.bind(address)) {
            assertEquals(address, again.localAddress());
        }
    }
}
