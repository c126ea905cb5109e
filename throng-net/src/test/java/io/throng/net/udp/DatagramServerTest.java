package io.throng.net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Workers are kept: a thousand datagrams one after another are handled by at most maxConcurrent threads. */
    @Test
    void poolReusesItsHandlerThreadsAndStopsThemAtShutdown() throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        DatagramServer server = DatagramServer.start(LOOPBACK, UdpOptions.defaults(), 3, (d, socket) -> {
            threads.add(Thread.currentThread());
            socket.send(d.data(), d.sender());
        });
        try (UdpSocket client = UdpSocket.bind(LOOPBACK)) {
            for (int i = 0; i < 1000; i++) {
                byte[] msg = ("n" + i).getBytes(StandardCharsets.US_ASCII);
                client.send(msg, server.localAddress());
                assertEquals("n" + i, new String(client.receive(Duration.ofSeconds(30)).data(), StandardCharsets.US_ASCII));
            }
        } finally {
            server.shutdown(10_000);
        }
        assertTrue(threads.size() <= 3, threads.size() + " handler threads");
        for (Thread t : threads) {
            assertTrue(t.isVirtual());
            assertTrue(t.join(Duration.ofSeconds(30)), "a handler thread outlived shutdown");
        }
        assertEquals(0, server.dropped());
    }

    /** Inline: the receiver runs each handler itself, one at a time and in order; the server drops nothing. */
    @Test
    void inlineHandlersRunOnTheReceiverOneAtATimeInOrder() throws Exception {
        int count = 200;
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        UdpOptions options = UdpOptions.defaults().withReceiveBuffer(4 << 20);
        try (DatagramServer server = DatagramServer.startInline(LOOPBACK, options, (d, socket) -> {
                    peak.accumulateAndGet(now.incrementAndGet(), Math::max);
                    threads.add(Thread.currentThread());
                    String text = new String(d.data(), StandardCharsets.US_ASCII);
                    if (text.equals("d0")) {
                        firstHeld.countDown();
                        release.await(); // holds up the receiver: the rest wait in the kernel, none is dropped
                    }
                    seen.add(text);
                    now.decrementAndGet();
                }, (d, e) -> {});
             UdpSocket sender = UdpSocket.bind(LOOPBACK)) {
            sender.send("d0".getBytes(StandardCharsets.US_ASCII), server.localAddress());
            assertTrue(firstHeld.await(30, TimeUnit.SECONDS));
            for (int i = 1; i < count; i++) {
                sender.send(("d" + i).getBytes(StandardCharsets.US_ASCII), server.localAddress());
            }
            assertEquals(1, server.running());
            release.countDown();
            awaitAtLeast(() -> seen.size(), count);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add("d" + i);
            }
            assertEquals(expected, seen);
            assertEquals(1, peak.get());
            assertEquals(1, threads.size());
            assertEquals("udp-receiver", threads.iterator().next().getName());
            assertEquals(0, server.dropped());
            assertEquals(count, server.received());
        }
    }

    @Test
    void inlineHandlerThatThrowsIsCountedAndTheReceiverGoesOn() throws Exception {
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        try (DatagramServer server = DatagramServer.startInline(LOOPBACK, UdpOptions.defaults(), (d, socket) -> {
                    if (d.data()[0] == 'x') {
                        throw new IllegalStateException("boom");
                    }
                    socket.send(d.data(), d.sender());
                }, (d, e) -> errors.add(e));
             UdpSocket client = UdpSocket.bind(LOOPBACK)) {
            client.send("x".getBytes(StandardCharsets.US_ASCII), server.localAddress());
            client.send("ok".getBytes(StandardCharsets.US_ASCII), server.localAddress());
            assertEquals("ok", new String(client.receive(Duration.ofSeconds(30)).data(), StandardCharsets.US_ASCII));
            assertEquals(1, server.failed());
            assertEquals("boom", errors.getFirst().getMessage());
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
