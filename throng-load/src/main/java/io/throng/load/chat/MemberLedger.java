package io.throng.load.chat;

import java.util.TreeSet;

/**
 * What one member of one room received, by the room's sequence numbers: the evidence for "lost",
 * "duplicated" and "out of order". One per simulated user; touched by its event loop only.
 *
 * <p>The member's <em>window</em> opens at the first sequence it sees, or earlier at the sequence of its own
 * first acknowledged message (which the server ordered after the join, so every later message is owed to it),
 * and closes at the room's final sequence when the run ends. Every sequence in the window must arrive exactly
 * once and in order. A message ordered concurrently with the join, before either, cannot be told from one
 * ordered before it: such a message is not counted (the only blind spot).
 *
 * <p>A member that reconnects and resumes stays one member with one window: the server replays what it missed
 * after its last sequence, and those messages arrive as the next ones in order, so they count as delivered. When
 * the server will not replay a range it says so with a {@code gap}: that range is skipped explicitly and counted
 * as gapped, neither lost nor delivered (the real client would fetch it with {@code history}).
 */
final class MemberLedger {
    private long first;
    private long last;
    private long firstOwnAck;
    private long duplicated;
    private boolean dropped;
    private long outOfOrder;
    private long reconnects;
    private long gaps;
    private long gapped;
    /** Sequences skipped between first and last that have not arrived (yet). Almost always empty. */
    private TreeSet<Long> missing;

    /** Outcome of one received message. */
    enum Receipt { IN_ORDER, LATE, DUPLICATE }

    /** Notes one {@code message} of the room. */
    Receipt received(long seq) {
        if (first == 0) {
            first = seq;
            last = seq;
            return Receipt.IN_ORDER;
        }
        if (seq == last + 1) {
            last = seq;
            return Receipt.IN_ORDER;
        }
        if (seq > last + 1) {
            for (long s = last + 1; s < seq; s++) {
                missing().add(s);
            }
            last = seq;
            return Receipt.IN_ORDER;
        }
        if (seq < first) {
            // arrived after later ones: everything between it and the old first is owed too
            for (long s = seq + 1; s < first; s++) {
                missing().add(s);
            }
            first = seq;
            outOfOrder++;
            return Receipt.LATE;
        }
        if (missing != null && missing.remove(seq)) {
            outOfOrder++;
            return Receipt.LATE;
        }
        duplicated++;
        return Receipt.DUPLICATE;
    }

    /** Notes the acknowledgement of one of this member's own messages in the room. */
    void ownAck(long seq) {
        if (firstOwnAck == 0 || seq < firstOwnAck) {
            firstOwnAck = seq;
        }
    }

    /**
     * The server will not replay {@code after+1 .. upto}: those sequences are not owed. Only what lies above the
     * last sequence seen is skipped; a gap at or below it ({@code ahead} after a server reset) changes nothing.
     */
    void gap(long after, long upto) {
        gaps++;
        long from = Math.max(after, last);
        if (upto <= from) {
            return;
        }
        gapped += upto - from;
        if (first == 0) {
            first = from + 1;
        }
        last = upto;
    }

    /** The member's session was resumed on a new connection. */
    void resumed() {
        reconnects++;
    }

    /** The connection ended early: the window closes at the last message seen, nothing after it is owed. */
    void drop() {
        dropped = true;
    }

    /** Highest sequence seen (0: none). */
    long last() {
        return last;
    }

    /** Adds this member to its room's tally. */
    void addTo(RoomTally.Builder room) {
        room.duplicated += duplicated;
        room.outOfOrder += outOfOrder;
        room.reconnects += reconnects;
        room.gaps += gaps;
        room.gapped += gapped;
        room.maxSeq = Math.max(room.maxSeq, Math.max(last, firstOwnAck));
        if (dropped) {
            room.fixedLost += missing == null ? 0 : missing.size();
            return;
        }
        if (first == 0) {
            if (firstOwnAck > 0) {
                room.silentMembers++;
                room.sumSilentFrom += firstOwnAck;
            }
            return;
        }
        long head = firstOwnAck > 0 && firstOwnAck < first ? first - firstOwnAck : 0;
        room.fixedLost += head + (missing == null ? 0 : missing.size());
        room.openMembers++;
        room.sumLast += last;
    }

    private TreeSet<Long> missing() {
        if (missing == null) {
            missing = new TreeSet<>();
        }
        return missing;
    }
}
