package io.throng.chat.account;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Growing delays after failed attempts, per key (an account name, a source address): the first
 * {@code free} failures cost nothing, each one after that doubles the wait before the next attempt
 * (from {@code base}, up to {@code max}); a key with no failure for {@code forget} starts over.
 * Attempts during the wait are refused without being counted, so a patient attacker gets one guess per
 * delay and an impatient one no more. Keys are whatever was typed: an unknown account name is
 * throttled exactly like a real one, so throttling reveals nothing.
 */
final class Throttle {
    private record Entry(int failures, long lastMillis, long nextAllowedMillis) {}

    /** Above this many keys, stale ones are dropped first (bounds memory under a spray of names). */
    private static final int MAX_KEYS = 100_000;

    private final int free;
    private final Duration base;
    private final Duration max;
    private final Duration forget;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    Throttle(int free, Duration base, Duration max, Duration forget, InstantSource clock) {
        this.free = free;
        this.base = base;
        this.max = max;
        this.forget = forget;
        this.clock = clock;
    }

    /** How long {@code key} must still wait before its next attempt; zero if it may try now. */
    Duration wait(String key) {
        Entry e = entries.get(key);
        long now = clock.millis();
        if (e == null || now - e.lastMillis > forget.toMillis()) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.max(0, e.nextAllowedMillis - now));
    }

    /** Counts a failure of {@code key}. */
    void failed(String key) {
        long now = clock.millis();
        if (entries.size() > MAX_KEYS) {
            entries.values().removeIf(e -> now - e.lastMillis > forget.toMillis());
        }
        entries.compute(key, (k, e) -> {
            int failures = e == null || now - e.lastMillis > forget.toMillis() ? 1 : e.failures + 1;
            long delay = failures <= free ? 0 : Math.min(max.toMillis(),
                    base.toMillis() << Math.min(30, failures - free - 1));
            return new Entry(failures, now, now + delay);
        });
    }

    /** Forgets {@code key}'s failures (a successful login to that account). */
    void succeeded(String key) {
        entries.remove(key);
    }
}
