package io.throng.net.client;

import java.time.Duration;

/** What a {@link ReconnectingClient} is doing, as its listener hears it. */
public sealed interface ConnectionState {

    /** Attempt number {@code attempt} (1 after each loss of a connection) is under way. */
    record Connecting(int attempt) implements ConnectionState {}

    /** A connection is up; its session runs. */
    record Connected(int attempt) implements ConnectionState {}

    /** The attempt failed or the connection ended; the next attempt starts after {@code retryIn}. */
    record Waiting(Throwable cause, Duration retryIn, int failures) implements ConnectionState {}

    /** {@link ReconnectingClient#close()} was called: no more attempts. Always the last state. */
    record Stopped() implements ConnectionState {}
}
