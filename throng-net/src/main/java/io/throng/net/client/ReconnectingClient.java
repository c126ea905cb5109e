package io.throng.net.client;

import io.throng.channels.TimerSource;
import io.throng.net.ByteStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Keeps one TCP connection up, like Twisted's {@code ClientService}: connect, run the session on the
 * connection until it ends, wait a {@link Backoff} delay, connect again, until closed. A connection
 * that came up resets the backoff. Every state change goes to the listener, in order, from the client's
 * one virtual thread: {@link ConnectionState.Connecting}, then {@link ConnectionState.Connected} or
 * {@link ConnectionState.Waiting}, and {@link ConnectionState.Stopped} last.
 *
 * <p>The wait is a timer of a {@link TimerSource}, armed before the listener hears {@link ConnectionState.Waiting}:
 * a test passes a {@link io.throng.channels.ManualTimers} and, on hearing it, advances the clock by
 * {@code retryIn} to end the wait without spending wall time.
 */
public final class ReconnectingClient implements AutoCloseable {

    /** What runs on each connection; it returns (or throws) when the connection is done with. */
    @FunctionalInterface
    public interface Session {
        void run(ByteStream stream) throws IOException, InterruptedException;
    }

    private final InetSocketAddress remote;
    private final Duration connectTimeout;
    private final Backoff backoff;
    private final Session session;
    private final Consumer<ConnectionState> listener;
    private final TimerSource timers;
    private final RandomGenerator random;
    private final Thread thread;
    private volatile boolean closed;
    private volatile ByteStream current;

    private ReconnectingClient(InetSocketAddress remote, Duration connectTimeout, Backoff backoff, Session session,
            Consumer<ConnectionState> listener, TimerSource timers, RandomGenerator random) {
        this.remote = Objects.requireNonNull(remote);
        this.connectTimeout = Objects.requireNonNull(connectTimeout);
        this.backoff = Objects.requireNonNull(backoff);
        this.session = Objects.requireNonNull(session);
        this.listener = Objects.requireNonNull(listener);
        this.timers = Objects.requireNonNull(timers);
        this.random = Objects.requireNonNull(random);
        this.thread = Thread.ofVirtual().name("reconnect-" + remote).unstarted(this::loop);
    }

    /** Starts keeping a connection to {@code remote}, with the real clock and a random jitter. */
    public static ReconnectingClient start(InetSocketAddress remote, Duration connectTimeout, Backoff backoff, Session session,
            Consumer<ConnectionState> listener) {
        return start(remote, connectTimeout, backoff, session, listener, TimerSource.system(), RandomGenerator.getDefault());
    }

    /** As the other {@code start}, with the clock of the waits and the jitter's randomness supplied (tests). */
    public static ReconnectingClient start(InetSocketAddress remote, Duration connectTimeout, Backoff backoff, Session session,
            Consumer<ConnectionState> listener, TimerSource timers, RandomGenerator random) {
        ReconnectingClient client = new ReconnectingClient(remote, connectTimeout, backoff, session, listener, timers, random);
        client.thread.start();
        return client;
    }

    private void loop() {
        int failures = 0;
        int attempt = 0;
        try {
            while (!closed) {
                attempt++;
                listener.accept(new ConnectionState.Connecting(attempt));
                Throwable cause;
                try (ByteStream stream = TcpClient.connect(remote, connectTimeout)) {
                    current = stream;
                    if (closed) {
                        break;
                    }
                    listener.accept(new ConnectionState.Connected(attempt));
                    failures = 0; // a connection that came up starts the backoff over
                    attempt = 0;
                    session.run(stream);
                    cause = null; // the session ended the connection itself
                } catch (IOException | RuntimeException e) {
                    cause = e; // a failed connect, a lost connection, or the session's own failure
                } finally {
                    current = null;
                }
                if (closed) {
                    break;
                }
                failures++;
                Duration wait = backoff.delay(failures, random);
                CountDownLatch due = new CountDownLatch(1);
                ScheduledFuture<?> timer = timers.schedule(wait, due::countDown); // armed before anyone hears of the wait
                try {
                    listener.accept(new ConnectionState.Waiting(cause, wait, failures));
                    due.await();
                } finally {
                    timer.cancel(false);
                }
            }
        } catch (InterruptedException e) {
            // close() interrupts a wait or a session
        } finally {
            listener.accept(new ConnectionState.Stopped());
        }
    }

    /** Stops: closes the current connection, cancels a wait, and returns once the listener has heard Stopped. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        ByteStream stream = current;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Closing is all we wanted.
            }
        }
        thread.interrupt();
        thread.join();
    }
}
