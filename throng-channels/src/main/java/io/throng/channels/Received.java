package io.throng.channels;

import java.util.NoSuchElementException;

/**
 * What a receive produced: a {@link Value}, {@link Closed} (the channel is closed and drained, Go's
 * {@code ok == false}), or {@link Empty} (nothing was ready: a non-blocking receive found no value, or a
 * timed receive ran out of time). Closed is a result, not an exception, so a loop can drain a channel
 * and stop without try/catch:
 *
 * <pre>{@code
 * switch (ch.receive()) {
 *     case Received.Value<String>(String s) -> handle(s);
 *     case Received.Closed<String> c -> done();
 *     case Received.Empty<String> e -> idle();
 * }
 * }</pre>
 */
public sealed interface Received<T> permits Received.Value, Received.Closed, Received.Empty {

    /** A value taken from the channel. */
    record Value<T>(T value) implements Received<T> {}

    /** The channel is closed and every buffered value has been received. */
    record Closed<T>() implements Received<T> {}

    /** No value was ready in the time allowed; the channel is still open. */
    record Empty<T>() implements Received<T> {}

    /** The value, or an exception saying why there is none. */
    default T orElseThrow() {
        return switch (this) {
            case Value<T> v -> v.value();
            case Closed<T> c -> throw new ChannelClosedException("receive from closed channel");
            case Empty<T> e -> throw new NoSuchElementException("no value ready");
        };
    }

    /** True for a {@link Value}. */
    default boolean hasValue() {
        return this instanceof Value;
    }

    @SuppressWarnings("unchecked")
    static <T> Closed<T> closed() {
        return (Closed<T>) Singletons.CLOSED;
    }

    @SuppressWarnings("unchecked")
    static <T> Empty<T> empty() {
        return (Empty<T>) Singletons.EMPTY;
    }
}

/** Shared instances of the component-less results, so that closed and empty results allocate nothing. */
final class Singletons {
    static final Received.Closed<?> CLOSED = new Received.Closed<>();
    static final Received.Empty<?> EMPTY = new Received.Empty<>();

    private Singletons() {}
}
