package io.throng.chat.service;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and windows of a chat service. {@link #defaults()} is what {@code throng chat} runs
 * with; tests shrink them with the {@code with...} methods.
 *
 * @param outboxCapacity frames a connection may have queued before it counts as a slow consumer
 * @param outboxChars    characters of JSON a connection may have queued (one frame is always
 *                       accepted into an empty outbox, so a large history page cannot wedge it)
 * @param replayWindow   most missed messages per room replayed on resume; beyond it, a gap signal.
 *                       Less than {@code outboxCapacity}, so a replay alone never overflows an outbox.
 * @param presenceGrace  how long a dropped connection's user still counts as present
 * @param sessionTtl     how long a dropped connection's session can be resumed
 * @param maxText        longest message text, in UTF-16 code units
 * @param maxFrame       longest client frame, in UTF-16 code units; room for a text of {@code maxText}
 *                       written with JSON escapes (up to 6 characters per unit) and the other fields
 * @param maxHistory     largest history page
 * @param perSecond      sustained messages per second per user (token bucket refill)
 * @param burst          messages a user may send at once (token bucket size)
 * @param maxRooms       public rooms one session may be in at once
 */
public record ChatConfig(int outboxCapacity, long outboxChars, int replayWindow, Duration presenceGrace, Duration sessionTtl,
                         int maxText, int maxFrame, int maxHistory, double perSecond, int burst, int maxRooms) {
    public ChatConfig {
        Objects.requireNonNull(presenceGrace);
        Objects.requireNonNull(sessionTtl);
        if (outboxCapacity < 4 || replayWindow < 1 || replayWindow > outboxCapacity - 3) {
            throw new IllegalArgumentException("need outboxCapacity >= 4 and 1 <= replayWindow <= outboxCapacity - 3 "
                    + "(room for the online list and an ack next to a full replay)");
        }
        if (outboxChars < 1024) {
            throw new IllegalArgumentException("need outboxChars >= 1024");
        }
        if (presenceGrace.isNegative() || sessionTtl.compareTo(presenceGrace) < 0) {
            throw new IllegalArgumentException("need 0 <= presenceGrace <= sessionTtl");
        }
        if (perSecond <= 0 || burst < 1 || maxRooms < 1) {
            throw new IllegalArgumentException("rate, burst and maxRooms must be positive");
        }
    }

    public static ChatConfig defaults() {
        return new ChatConfig(1024, 2L << 20, 500, Duration.ofSeconds(15), Duration.ofMinutes(2),
                4000, 32 * 1024, 200, 5.0, 20, 50);
    }

    public ChatConfig withOutbox(int capacity, int replayWindow) {
        return new ChatConfig(capacity, outboxChars, replayWindow, presenceGrace, sessionTtl, maxText, maxFrame, maxHistory,
                perSecond, burst, maxRooms);
    }

    public ChatConfig withRate(double perSecond, int burst) {
        return new ChatConfig(outboxCapacity, outboxChars, replayWindow, presenceGrace, sessionTtl, maxText, maxFrame, maxHistory,
                perSecond, burst, maxRooms);
    }

    public ChatConfig withMaxRooms(int maxRooms) {
        return new ChatConfig(outboxCapacity, outboxChars, replayWindow, presenceGrace, sessionTtl, maxText, maxFrame, maxHistory,
                perSecond, burst, maxRooms);
    }

    public ChatConfig withTimes(Duration presenceGrace, Duration sessionTtl) {
        return new ChatConfig(outboxCapacity, outboxChars, replayWindow, presenceGrace, sessionTtl, maxText, maxFrame, maxHistory,
                perSecond, burst, maxRooms);
    }

    public ChatConfig withMaxText(int maxText) {
        return new ChatConfig(outboxCapacity, outboxChars, replayWindow, presenceGrace, sessionTtl, maxText,
                Math.max(maxFrame, (int) Math.min(Integer.MAX_VALUE, 6L * maxText + 1024)), maxHistory, perSecond, burst, maxRooms);
    }
}
