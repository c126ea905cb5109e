package io.throng.net.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next connection attempt: {@code initial × factor^(attempt-1)}, capped at
 * {@code max}, then spread by {@code jitter} (0.1 = up to 10% either way) so that many clients cut off
 * at once do not come back in step. The defaults are Twisted's {@code backoffPolicy}: 1 s, ×1.5, capped at
 * 60 s (with a proportional jitter here where Twisted adds up to one second).
 *
 * @param initial the wait after the first failure
 * @param factor how much each further failure multiplies it (at least 1)
 * @param max the cap: no wait is longer, jitter included
 * @param jitter the random spread, 0 to 1
 */
public record Backoff(Duration initial, double factor, Duration max, double jitter) {
    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max: " + initial + ", " + max);
        }
        if (!(factor >= 1.0) || !(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("need factor >= 1 and 0 <= jitter <= 1: " + factor + ", " + jitter);
        }
    }

    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(60), 0.1);
    }

    /** The wait before attempt {@code failures + 1}, after {@code failures} (>= 1) failures in a row. */
    public Duration delay(int failures, RandomGenerator random) {
        double nanos = initial.toNanos() * Math.pow(factor, Math.max(0, failures - 1));
        double capped = Math.min(nanos, max.toNanos());
        double spread = capped * jitter * (2 * random.nextDouble() - 1);
        return Duration.ofNanos((long) Math.clamp(capped + spread, 0, max.toNanos()));
    }
}
