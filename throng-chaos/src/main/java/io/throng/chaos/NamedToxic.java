package io.throng.chaos;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A toxic as installed on a proxy: its unique name, its stream, its toxicity (the probability, decided
 * once per connection, that a connection is affected), what it does, and, beyond toxiproxy, the
 * client address or network it is limited to (null: every client).
 */
public record NamedToxic(String name, Direction stream, float toxicity, Toxic toxic, ClientRange client) {
    public NamedToxic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(toxic, "toxic");
        if (!(toxicity >= 0f && toxicity <= 1f)) {
            throw new IllegalArgumentException("toxicity must be between 0 and 1");
        }
    }

    /** A toxic for every client, as toxiproxy's. */
    public NamedToxic(String name, Direction stream, float toxicity, Toxic toxic) {
        this(name, stream, toxicity, toxic, null);
    }

    public String type() {
        return toxic.type();
    }

    /** Whether a connection from {@code address} may be affected (then its toxicity decides). */
    boolean concerns(InetAddress address) {
        return client == null || client.contains(address);
    }
}
