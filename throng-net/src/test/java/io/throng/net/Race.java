package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A server with one connection whose worker has armed an hour-long deadline and waits for the test, which
 * then plays the sweeper by calling {@link Connection#expire} with a later clock (the server's own sweeper
 * never finds an hour due) and lets the worker go on with {@link #proceed}. The set-up the deadline race
 * tests share: the client sends "a", the worker arms its deadline, hands the connection over and waits.
 */
final class Race implements AutoCloseable {
    static final Duration HOUR = Duration.ofHours(1);

    /** What the worker does once the test lets it go on, the deadline it armed being the sweeper's due one. */
    interface Step {
        boolean run(Connection c) throws IOException;
    }

    final TcpServer server;
    final Socket socket;
    /** The connection, its worker waiting for {@link #proceed} under the armed deadline. */
    final Connection connection;
    private final Racer racer;

    private Race(TcpServer server, Socket socket, Racer racer) throws Exception {
        this.server = server;
        this.socket = socket;
        this.racer = racer;
        socket.getOutputStream().write('a');
        this.connection = racer.armed.get(5, TimeUnit.SECONDS);
    }

    static Race start(Engine engine, Step step) throws Exception {
        Racer racer = new Racer(step);
        TcpServer server = TcpServer.start(TcpServerTest.options(engine), racer);
        Socket socket = null;
        try {
            socket = TcpServerTest.connect(server.port());
            return new Race(server, socket, racer);
        } catch (Exception | Error e) {
            if (socket != null) {
                socket.close();
            }
            server.close();
            throw e;
        }
    }

    /** A sweeper held inside the expiry of the connection's deadline, at {@code at}. */
    HeldSweeper holdSweeper(HeldSweeper.At at) throws InterruptedException {
        return new HeldSweeper(connection, at);
    }

    /** Lets the worker run its step. */
    void proceed() {
        racer.proceed.countDown();
    }

    @Override
    public void close() throws Exception {
        try {
            socket.close();
        } finally {
            server.close();
        }
    }

    /**
     * On an "a" the worker arms a deadline, hands the connection to the test and waits for it, then runs
     * the test's step; any other byte is answered "ok" and the connection idles.
     */
    private static final class Racer implements Protocol {
        final CompletableFuture<Connection> armed = new CompletableFuture<>();
        final CountDownLatch proceed = new CountDownLatch(1);
        final Step step;

        Racer(Step step) {
            this.step = step;
        }

        @Override
        public boolean serve(Connection c) throws IOException {
            // Room for more than the one byte sent: on epoll a full read means "maybe more", which would keep
            // the connection hot instead of letting it idle.
            ByteBuffer one = ByteBuffer.allocate(64);
            if (c.read(one) < 0) {
                return false;
            }
            if (one.get(0) != 'a') {
                c.write(ByteBuffer.wrap(new byte[] {'o', 'k'}));
                return true;
            }
            c.deadline(HOUR);
            armed.complete(c);
            try {
                if (!proceed.await(10, TimeUnit.SECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                return false;
            }
            return step.run(c);
        }
    }

    /**
     * A sweeper thread held inside {@link Connection#expire} of the connection's deadline, made due by its
     * clock: {@link At#DUE} right after it read the due deadline (before it takes it), {@link At#ACT} once it
     * took the deadline and read what the worker is blocked in, with {@code expiring} set.
     */
    static final class HeldSweeper {
        enum At { DUE, ACT }

        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        final Thread thread;

        HeldSweeper(Connection c, At at) throws InterruptedException {
            long due = c.deadlineNanos() + 1;
            Runnable hold = () -> {
                held.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            if (at == At.DUE) {
                c.dueHook = hold;
            } else {
                c.actHook = hold;
            }
            thread = Thread.ofPlatform().name("test-sweeper").start(() -> c.expire(due));
            assertTrue(held.await(5, TimeUnit.SECONDS), "the sweeper reached " + at);
        }

        /** Lets the sweeper act and waits until {@code expire} has returned. */
        void release() throws InterruptedException {
            release.countDown();
            thread.join(TimeUnit.SECONDS.toMillis(5));
            assertFalse(thread.isAlive(), "the sweeper finished");
        }
    }
}
