package io.throng.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.channels.ManualTimers;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ReconnectingClientTest {
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofMillis(300), 0.2);

    /** Jitter's randomness pinned: nextDouble() is always 0.75, so every delay is +10% (0.2 × (2×0.75 − 1)). */
    private static final RandomGenerator THREE_QUARTERS = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return 0.75;
        }
    };

    private static <T> T next(BlockingQueue<ConnectionState> states, Class<T> type) throws InterruptedException {
        ConnectionState s = states.poll(60, TimeUnit.SECONDS);
        assertInstanceOf(type, s, "expected " + type.getSimpleName());
        return type.cast(s);
    }

    private static ServerSocketChannel listen(int port) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return server;
    }

    @Test
    void aServerThatGoesAwayAndComesBackIsReconnectedWithBackoff() throws Exception {
        ServerSocketChannel server = listen(0);
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
        // A manual clock: a wait ends only when the test advances it, so no wall time is spent.
        ManualTimers clock = new ManualTimers();
        ReconnectingClient.Session readUntilEnd = stream -> {
            ByteBuffer b = ByteBuffer.allocate(64);
            while (stream.read(b.clear()) >= 0) {
                // drain
            }
        };
        ReconnectingClient client = ReconnectingClient.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                Duration.ofSeconds(30), BACKOFF, readUntilEnd, states::add, clock, THREE_QUARTERS);
        try {
            assertEquals(1, next(states, ConnectionState.Connecting.class).attempt());
            SocketChannel accepted = server.accept();
            assertEquals(1, next(states, ConnectionState.Connected.class).attempt());

            // The server goes away: its connection closes and nothing listens on the port.
            accepted.close();
            server.close();
            ConnectionState.Waiting lost = next(states, ConnectionState.Waiting.class);
            assertNull(lost.cause()); // the session saw the end of stream
            assertEquals(1, lost.failures());
            assertEquals(Duration.ofMillis(110), lost.retryIn());

            // The wait's timer is armed before the listener hears of it, and runs its whole delay: 1 ns short it
            // is still pending and no attempt started; at the delay it fires (on this thread, inside advance), which
            // the next Connecting below shows. (Not pending() == 0 after it: the refused attempt may already have
            // armed the next wait.)
            assertEquals(1, clock.pending());
            clock.advance(lost.retryIn().minusNanos(1));
            assertEquals(1, clock.pending());
            assertTrue(states.isEmpty(), () -> "no attempt before the delay: " + states);
            clock.advance(Duration.ofNanos(1));

            // Refused attempts back off: 100 ms, 200, then capped at 300 (jitter included, never above).
            Duration previous = null;
            for (Duration expected : List.of(Duration.ofMillis(220), Duration.ofMillis(300), Duration.ofMillis(300))) {
                if (previous != null) {
                    clock.advance(previous);
                }
                next(states, ConnectionState.Connecting.class);
                ConnectionState.Waiting refused = next(states, ConnectionState.Waiting.class);
                assertInstanceOf(ConnectException.class, refused.cause());
                assertEquals(expected, refused.retryIn());
                previous = expected;
            }

            // The server comes back on the same port: the next attempt connects.
            server = listen(port);
            clock.advance(previous);
            assertEquals(4, next(states, ConnectionState.Connecting.class).attempt()); // the 4th since the loss
            accepted = server.accept();
            assertEquals(4, next(states, ConnectionState.Connected.class).attempt());

            // And a connection that was up starts the backoff over.
            accepted.close();
            assertEquals(Duration.ofMillis(110), next(states, ConnectionState.Waiting.class).retryIn());
        } finally {
            client.close();
            server.close();
        }
        // close() returned after Stopped, which is the last state.
        ConnectionState last = null;
        for (ConnectionState s; (s = states.poll()) != null; ) {
            last = s;
        }
        assertInstanceOf(ConnectionState.Stopped.class, last);
    }

    @Test
    void closeStopsAClientConnectedToASilentServer() throws Exception {
        try (ServerSocketChannel server = listen(0)) {
            BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
            ReconnectingClient client = ReconnectingClient.start((InetSocketAddress) server.getLocalAddress(), Duration.ofSeconds(30),
                    BACKOFF, stream -> stream.read(ByteBuffer.allocate(1)), states::add);
            next(states, ConnectionState.Connecting.class);
            try (SocketChannel accepted = server.accept()) {
                next(states, ConnectionState.Connected.class);
                client.close(); // the session is blocked in a read the server never answers
                assertInstanceOf(ConnectionState.Stopped.class, states.poll(60, TimeUnit.SECONDS));
                // Its connection is closed, not left open: the server reads the end of stream.
                assertEquals(-1, accepted.read(ByteBuffer.allocate(1)));
            }
        }
    }

    @Test
    void aConnectThatIsNeverAnsweredTimesOut() throws Exception {
        // A listener whose accept queue is full drops further SYNs (Linux, tcp_abort_on_overflow=0): the
        // connect is neither accepted nor refused, only the timeout ends it.
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
            List<java.io.Closeable> queued = new java.util.ArrayList<>();
            try {
                java.io.IOException failure = null;
                for (int i = 0; i < 8 && failure == null; i++) { // fill the queue, however long the kernel makes it
                    try {
                        queued.add(TcpClient.connect(address, Duration.ofMillis(500)));
                    } catch (java.io.IOException e) {
                        failure = e;
                    }
                }
                assertInstanceOf(java.net.SocketTimeoutException.class, failure);
            } finally {
                for (java.io.Closeable c : queued) {
                    c.close();
                }
            }
        }
    }

    @Test
    void backoffNeverExceedsItsCapWhateverTheJitter() {
        RandomGenerator top = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return Math.nextDown(1.0);
            }
        };
        for (int failures = 1; failures < 100; failures++) {
            assertTrue(BACKOFF.delay(failures, top).compareTo(BACKOFF.max()) <= 0);
        }
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2), 0));
    }
}
