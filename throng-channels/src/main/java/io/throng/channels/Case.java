package io.throng.channels;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One arm of a {@link Select}: a receive or send on a channel, a default that runs when nothing is
 * ready, or a timeout. Build channel cases with {@link Channel#onReceive}, {@link
 * Channel#onReceiveOrClosed} and {@link Channel#onSend}; the others with {@link Select#onDefault} and
 * {@link Select#onTimeout}.
 *
 * @param <R> what the case's body returns, and so what the select returns
 */
public sealed interface Case<R> permits Case.Receive, Case.Send, Case.Default, Case.Timeout {

    /** Receives from {@code channel} and runs {@code body} with what was received. */
    record Receive<T, R>(Channel<T> channel, Function<? super Received<T>, ? extends R> body) implements Case<R> {
        public Receive {
            Objects.requireNonNull(channel);
            Objects.requireNonNull(body);
        }

        R fire(Object received) {
            // A value case gets the value itself: no Received wrapper is built only to be unwrapped.
            Object b = body;
            if (b instanceof ValueBody<?, ?> v && received != Channel.CLOSED_MARK && received != Channel.NOTHING) {
                @SuppressWarnings("unchecked")
                R r = ((ValueBody<Object, R>) v).body.apply(received);
                return r;
            }
            return body.apply(Channel.result(received));
        }
    }

    /** Sends {@code value} on {@code channel} and then runs {@code body}. */
    record Send<T, R>(Channel<T> channel, T value, Supplier<? extends R> body) implements Case<R> {
        public Send {
            Objects.requireNonNull(channel);
            Objects.requireNonNull(value, "channel values may not be null");
            Objects.requireNonNull(body);
        }
    }

    /** Runs {@code body} when no other case is ready (Go's {@code default:}). */
    record Default<R>(Supplier<? extends R> body) implements Case<R> {
        public Default {
            Objects.requireNonNull(body);
        }
    }

    /** Runs {@code body} if no other case became ready within {@code after}. */
    record Timeout<R>(Duration after, Supplier<? extends R> body) implements Case<R> {
        public Timeout {
            Objects.requireNonNull(after);
            Objects.requireNonNull(body);
        }
    }
}
