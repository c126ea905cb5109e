package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server's one deadline sweeper keeps enforcing every other connection's deadline whatever one of them throws. */
class SweeperTest {

    /**
     * "hook": hands the connection to the test, waits for it, then reads under a deadline already due;
     * "stall": reads under a 200 ms deadline and answers "timeout" when it passes.
     */
    static final class Waits implements Protocol {
        final CompletableFuture<Connection> hooked = new CompletableFuture<>();
        final CountDownLatch armHook = new CountDownLatch(1);

        @Override
        public boolean serve(Connection c) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(64);
            if (c.read(b) < 0) {
                return false;
            }
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
            if (s.startsWith("hook")) {
                hooked.complete(c);
                try {
                    if (!armHook.await(10, TimeUnit.SECONDS)) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    return false;
                }
                c.deadline(Duration.ofNanos(1));
            } else {
                c.deadline(Duration.ofMillis(200));
            }
            try {
                c.read(b.clear()); // the client sends nothing more
            } catch (SocketTimeoutException e) {
                c.clearDeadline();
                c.write(ByteBuffer.wrap("timeout\n".getBytes(StandardCharsets.US_ASCII)));
            }
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anExpiryThatThrowsDoesNotStopTheDeadlinesOfOtherConnections(Engine engine) throws Exception {
        Waits waits = new Waits();
        try (TcpServer server = TcpServer.start(TcpServerTest.options(engine), waits);
                Socket failing = TcpServerTest.connect(server.port());
                Socket stalled = TcpServerTest.connect(server.port())) {
            failing.getOutputStream().write("hook".getBytes(StandardCharsets.US_ASCII));
            Connection c = waits.hooked.get(5, TimeUnit.SECONDS);
            CountDownLatch thrown = new CountDownLatch(1);
            c.dueHook = () -> { // a fault inside one connection's expiry (once: the next tick expires it)
                c.dueHook = null;
                thrown.countDown();
                throw new IllegalStateException("injected fault in one connection's expiry");
            };
            waits.armHook.countDown();
            assertTrue(thrown.await(5, TimeUnit.SECONDS), "the sweeper reached the failing connection");
            stalled.getOutputStream().write("stall".getBytes(StandardCharsets.US_ASCII));
            assertEquals("timeout", new String(stalled.getInputStream().readNBytes(7), StandardCharsets.US_ASCII),
                    "another connection's deadline is still enforced");
            assertEquals("timeout", new String(failing.getInputStream().readNBytes(7), StandardCharsets.US_ASCII),
                    "and, at the next tick, the failing one's");
        }
    }
}
