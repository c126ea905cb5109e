package io.throng.channels;

import java.util.Objects;
import java.util.function.Function;

/**
 * The body of {@link Channel#onReceive}: wants the value itself, and throws when the channel is
 * closed. A class of its own rather than a lambda so that {@link Case.Receive#fire} can recognise it
 * and hand over the value without building a {@link Received} only to unwrap it.
 */
final class ValueBody<T, R> implements Function<Received<T>, R> {
    final Function<? super T, ? extends R> body;

    ValueBody(Function<? super T, ? extends R> body) {
        this.body = Objects.requireNonNull(body);
    }

    @Override
    public R apply(Received<T> received) {
        return body.apply(received.orElseThrow());
    }
}
