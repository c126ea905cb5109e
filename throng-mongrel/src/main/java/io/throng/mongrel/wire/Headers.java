package io.throng.mongrel.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Request headers in wire order. Each name maps to one or more values; a name with several values is a
 * header the client repeated, which Mongrel2 sends as a list.
 *
 * <p>Names are case-sensitive on purpose: Mongrel2 writes the headers it generates in upper case
 * ({@code METHOD}, {@code PATH}, ...) and the client's in lower case, and only the former can be trusted.
 */
public record Headers(Map<String, List<String>> entries) {

    public static final Headers EMPTY = new Headers(Map.of());

    public Headers {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        entries.forEach((name, values) -> {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("header '" + name + "' has no value");
            }
            copy.put(name, List.copyOf(values));
        });
        entries = Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, if present. */
    public Optional<String> first(String name) {
        List<String> values = entries.get(name);
        return values == null ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The first value of a header, or {@code fallback}. */
    public String get(String name, String fallback) {
        return first(name).orElse(fallback);
    }

    /** Every value of a header, in the order the client sent them; empty if absent. */
    public List<String> all(String name) {
        return entries.getOrDefault(name, List.of());
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects headers in order; adding a name twice makes it a repeated header. */
    public static final class Builder {
        private final Map<String, List<String>> entries = new LinkedHashMap<>();

        public Builder add(String name, String value) {
            entries.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        public Headers build() {
            return new Headers(entries);
        }
    }
}
