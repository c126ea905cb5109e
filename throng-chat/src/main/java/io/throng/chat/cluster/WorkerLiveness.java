package io.throng.chat.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which workers went silent, judged only over time the room service was listening. A worker is dead
 * once nothing from it was read for {@code timeout} ms; but when the room service itself did not read
 * for a while (a long GC pause, its socket thread starved or waiting behind one connection's backlog),
 * the workers' pings are queued unread in the socket, not missing, so every worker's clock starts again
 * from the moment it listens again. Without that, the first message read after a 3 s pause (one
 * worker's) would leave the other worker "silent" and all its connections would be closed.
 * Used by the hub's command thread only.
 */
final class WorkerLiveness {
    private final long timeout;
    /** A gap this long between two reads of the socket is the room service's own pause, not a worker's. */
    private final long pause;
    private final Map<String, Long> lastHeard = new HashMap<>();
    private long lastListened = Long.MIN_VALUE;

    WorkerLiveness(long timeout, long pause) {
        this.timeout = timeout;
        this.pause = pause;
    }

    /**
     * The socket was read at {@code now} (a message or a receive timeout). Call before {@link #heard}
     * for the message read, if any.
     */
    void listened(long now) {
        if (lastListened != Long.MIN_VALUE && now - lastListened > pause) {
            lastHeard.replaceAll((w, t) -> now); // their pings wait in the socket: nobody is late yet
        }
        lastListened = now;
    }

    /** Something from {@code worker} was read at {@code now}. */
    void heard(String worker, long now) {
        lastHeard.put(worker, now);
    }

    /** The workers silent for longer than the timeout at {@code now}, forgotten from here on. */
    List<String> dead(long now) {
        List<String> dead = new ArrayList<>();
        lastHeard.entrySet().removeIf(e -> {
            if (now - e.getValue() > timeout) {
                dead.add(e.getKey());
                return true;
            }
            return false;
        });
        return dead;
    }
}
