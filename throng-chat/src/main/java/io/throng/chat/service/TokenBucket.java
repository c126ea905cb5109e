package io.throng.chat.service;

import java.time.InstantSource;

/** A token bucket on an injectable clock: {@code burst} tokens, refilled at {@code perSecond}. */
final class TokenBucket {
    private final double perMilli;
    private final double burst;
    private final InstantSource clock;
    private double tokens;
    private long lastMillis;

    TokenBucket(double perSecond, int burst, InstantSource clock) {
        this.perMilli = perSecond / 1000.0;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.lastMillis = clock.millis();
    }

    /** Takes one token if there is one. */
    synchronized boolean tryTake() {
        long now = clock.millis();
        if (now > lastMillis) {
            tokens = Math.min(burst, tokens + (now - lastMillis) * perMilli);
            lastMillis = now;
        }
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }
}
