package io.throng.chaos;

import java.util.Objects;

/**
 * A toxic as installed on a proxy: its unique name, its stream, its toxicity (the probability, decided
 * once per connection, that a connection is affected) and what it does.
 */
public record NamedToxic(String name, Direction stream, float toxicity, Toxic toxic) {
    public NamedToxic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(toxic, "toxic");
        if (!(toxicity >= 0f && toxicity <= 1f)) {
            throw new IllegalArgumentException("toxicity must be between 0 and 1");
        }
    }

    public String type() {
        return toxic.type();
    }
}
