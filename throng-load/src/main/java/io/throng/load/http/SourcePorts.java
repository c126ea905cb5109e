package io.throng.load.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out local ports for connections bound to an explicit source address. Letting the kernel pick
 * ({@code bind(addr, 0)}) would allocate from the one ephemeral range shared by every source address, which caps
 * a whole fleet at ~28,000 connections and makes each failing bind scan the full range; choosing ports ourselves
 * gives each 127.0.0.x source its own ~55,000.
 */
final class SourcePorts {
    static final int LOW = 10_000;
    static final int HIGH = 65_535;

    private final AtomicInteger next = new AtomicInteger();

    /** The next port to try, cycling through [LOW, HIGH]. */
    int next() {
        return LOW + Math.floorMod(next.getAndIncrement(), HIGH - LOW + 1);
    }
}
