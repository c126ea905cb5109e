package io.throng.net.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One tnetstring value: the seven types of the tnetstrings spec, as immutable records.
 *
 * <p>Strings are bytes ({@link Bytes}); nothing here assumes UTF-8 except dictionary keys, which the spec
 * requires to be strings and which Mongrel2 only ever fills with ASCII header names.
 */
public sealed interface TNetstring {

    /** {@code SIZE:bytes,} — raw bytes, compared by content. */
    record Bytes(byte[] value) implements TNetstring {
        public Bytes {
            value = value.clone();
        }

        public static Bytes of(String utf8) {
            return new Bytes(utf8.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The bytes as UTF-8 text, malformed sequences replaced. */
        public String utf8() {
            return new String(value, StandardCharsets.UTF_8);
        }

        byte[] unsafeArray() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + utf8() + "]";
        }
    }

    /** {@code SIZE:digits#} — a signed 64-bit integer (larger values are rejected when decoding). */
    record Int(long value) implements TNetstring {}

    /** {@code SIZE:digits^} — a float; the spec gives no precision guarantee. */
    record Real(double value) implements TNetstring {}

    /** {@code 4:true!} or {@code 5:false!}. */
    record Bool(boolean value) implements TNetstring {}

    /** {@code 0:~}. */
    record Null() implements TNetstring {
        public static final Null INSTANCE = new Null();
    }

    /** {@code SIZE:items]} — an ordered list. */
    record ListOf(List<TNetstring> items) implements TNetstring {
        public ListOf {
            items = List.copyOf(items);
        }

        public static ListOf of(TNetstring... items) {
            return new ListOf(List.of(items));
        }
    }

    /** {@code SIZE:key value ...}} — keys are strings; insertion order is kept so encoding is stable. */
    record Dict(Map<String, TNetstring> entries) implements TNetstring {
        public Dict {
            Map<String, TNetstring> copy = new LinkedHashMap<>();
            entries.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
            entries = Collections.unmodifiableMap(copy);
        }

        public TNetstring get(String key) {
            return entries.get(key);
        }
    }

    static Bytes bytes(String utf8) {
        return Bytes.of(utf8);
    }
}
