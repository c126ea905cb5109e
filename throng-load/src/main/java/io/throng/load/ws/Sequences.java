package io.throng.load.ws;

import java.util.HashMap;
import java.util.Map;

/**
 * One receiver's view of the senders' sequence numbers, to count fan-out messages that never arrived.
 * The first message seen from a sender sets its baseline (a receiver whose membership began a moment after
 * the first sends is not charged for them); after that, a jump forward counts the skipped numbers as lost, and a
 * number at or below the last one seen is a duplicate or out of order. Used by one reader thread at a time.
 */
final class Sequences {
    private final Map<Integer, Long> last = new HashMap<>();
    private long lost;
    private long disordered;

    /** Notes message {@code seq} from {@code sender}; returns true if it is the next one expected (or the first). */
    boolean accept(int sender, long seq) {
        Long previous = last.get(sender);
        if (previous == null || seq == previous + 1) {
            last.put(sender, seq);
            return true;
        }
        if (seq > previous) {
            lost += seq - previous - 1;
            last.put(sender, seq);
        } else {
            disordered++;
        }
        return false;
    }

    /** Messages skipped so far. */
    long lost() {
        return lost;
    }

    /** Messages that came twice or after a later one. */
    long disordered() {
        return disordered;
    }
}
