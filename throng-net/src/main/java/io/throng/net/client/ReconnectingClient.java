package io.throng.net.client;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Keeps one TCP connection up, like Twisted's {@code ClientService}: connect, run the session on the
 * connection until it ends, wait a {@link Backoff} delay, connect again, until closed. A connection
 * that came up resets the backoff. Every state change goes to the listener, in order, from the client's
 * one virtual thread: {@link ConnectionState.Connecting}, then {@link ConnectionState.Connected} or
 * {@link ConnectionState.Waiting}, and {@link ConnectionState.Stopped} last.
 *
 * <p>The wait goes through a {@link Sleeper}, so tests observe the backoff without spending wall time.
 */
public final class ReconnectingClient implements AutoCloseable {

    /** What runs on each connection; it returns (or throws) when the connection is done with. */
    @FunctionalInterface
    public interface Session {
        void run(ByteStream stream) throws IOException, InterruptedException;
    }

    /** Waits between attempts; the real one is {@link Thread#sleep(Duration)}. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    private final InetSocketAddress remote;
    private final Duration connectTimeout;
    private final Backoff backoff;
    private final Session session;
    private final Consumer<ConnectionState> listener;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Thread thread;
    private volatile boolean closed;
    private volatile ByteStream current;

    private ReconnectingClient(InetSocketAddress remote, Duration connectTimeout, Backoff backoff, Session session,
            Consumer<ConnectionState> listener, Sleeper sleeper, RandomGenerator random) {
        this.remote = Objects.requireNonNull(remote);
        this.connectTimeout = Objects.requireNonNull(connectTimeout);
        this.backoff = Objects.requireNonNull(backoff);
        this.session = Objects.requireNonNull(session);
        this.listener = Objects.requireNonNull(listener);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.random = Objects.requireNonNull(random);
        this.thread = Thread.ofVirtual().name("reconnect-" + remote).unstarted(this::loop);
    }

    /** Starts keeping a connection to {@code remote}, with real sleeps and a random jitter. */
    public static ReconnectingClient start(InetSocketAddress remote, Duration connectTimeout, Backoff backoff, Session session,
            Consumer<ConnectionState> listener) {
        return start(remote, connectTimeout, backoff, session, listener, Thread::sleep, RandomGenerator.getDefault());
    }

    /** As the other {@code start}, with the waits and the jitter's randomness supplied (tests). */
    public static ReconnectingClient start(InetSocketAddress remote, Duration connectTimeout, Backoff backoff, Session session,
            Consumer<ConnectionState> listener, Sleeper sleeper, RandomGenerator random) {
        ReconnectingClient client = new ReconnectingClient(remote, connectTimeout, backoff, session, listener, sleeper, random);
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
                listener.accept(new ConnectionState.Waiting(cause, wait, failures));
                sleeper.sleep(wait);
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
