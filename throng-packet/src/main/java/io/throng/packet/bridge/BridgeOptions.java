package io.throng.packet.bridge;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How a bridge learns: at most {@code maxMacs} stations in its table, each forgotten after
 * {@code aging} without a frame from it; {@code clock} is the time source in nanoseconds (monotonic;
 * {@code System::nanoTime}, or a test's own so aging needs no waiting).
 */
public record BridgeOptions(int maxMacs, Duration aging, LongSupplier clock) {
    public static final int DEFAULT_MAX_MACS = 8192;
    public static final Duration DEFAULT_AGING = Duration.ofSeconds(300);

    public BridgeOptions {
        if (maxMacs < 1) {
            throw new IllegalArgumentException("the MAC table needs room for at least one entry, not " + maxMacs);
        }
        if (aging.isNegative() || aging.isZero()) {
            throw new IllegalArgumentException("the aging time must be positive, not " + aging);
        }
    }

    /** 8192 entries, 300 s aging (Linux's bridge default), the system's monotonic clock. */
    public static BridgeOptions defaults() {
        return new BridgeOptions(DEFAULT_MAX_MACS, DEFAULT_AGING, System::nanoTime);
    }
}
