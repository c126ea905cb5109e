package io.throng.net.codec;

import io.throng.channels.TimerSource;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a {@link FrameReader} waits before it gives up on its peer, closes the stream and throws
 * {@link java.net.SocketTimeoutException}. A detached {@link io.throng.net.ByteStream} has no deadline of
 * its own (the server's sweeper stops watching a connection once it is detached), so without these a
 * peer that goes silent mid-frame holds its connection and thread for ever.
 *
 * <ul>
 *   <li>{@code idle}: per read, as Netty's {@code ReadTimeoutHandler}. A read that waits this long with
 *       no byte arriving times out, whether between frames or inside one. A slow but live peer (a byte
 *       every 100 ms) is never cut by it.</li>
 *   <li>{@code frame}: per frame. Once the reader has part of a frame and waits for the rest, the whole
 *       frame must arrive within this time, however steadily its bytes trickle in: the defence against a
 *       slowloris peer, which the idle timeout alone does not give. Time the caller spends between
 *       {@code read()} calls is not counted.</li>
 * </ul>
 *
 * <p>Either may be null (not enforced). The time is read from, and the check scheduled on, {@code timers}:
 * {@link TimerSource#system()} by default, a {@link io.throng.channels.ManualTimers} in tests.
 *
 * @param idle the longest wait for the next byte, or null
 * @param frame the longest time from a frame's first byte to its last, or null
 * @param timers the clock
 */
public record ReadTimeouts(Duration idle, Duration frame, TimerSource timers) {
    /** No timeout: the reader waits as long as the stream stays open. */
    public static final ReadTimeouts NONE = new ReadTimeouts(null, null, TimerSource.system());

    public ReadTimeouts {
        requirePositive("idle", idle);
        requirePositive("frame", frame);
        Objects.requireNonNull(timers, "timers");
    }

    /** A per-read timeout, on the real clock. */
    public static ReadTimeouts idle(Duration idle) {
        return new ReadTimeouts(Objects.requireNonNull(idle), null, TimerSource.system());
    }

    /** A per-frame deadline, on the real clock. */
    public static ReadTimeouts frame(Duration frame) {
        return new ReadTimeouts(null, Objects.requireNonNull(frame), TimerSource.system());
    }

    /** These timeouts plus a per-frame deadline. */
    public ReadTimeouts withFrame(Duration frame) {
        return new ReadTimeouts(idle, frame, timers);
    }

    /** These timeouts on another clock. */
    public ReadTimeouts withTimers(TimerSource timers) {
        return new ReadTimeouts(idle, frame, timers);
    }

    boolean enforced() {
        return idle != null || frame != null;
    }

    private static void requirePositive(String what, Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(what + " timeout must be positive: " + d);
        }
    }
}
