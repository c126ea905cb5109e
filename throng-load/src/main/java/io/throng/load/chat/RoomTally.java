package io.throng.load.chat;

/**
 * One room's delivery accounting, summed over its members in one or several processes. The tail of each
 * member's window (messages after the last one it saw) depends on the room's final sequence, known only when
 * every process has reported, so it is kept as sums and resolved by {@link #lost(long)}.
 *
 * @param room the room's name
 * @param maxSeq highest sequence any member saw or any sender had acknowledged
 * @param fixedLost holes inside members' windows that never filled
 * @param duplicated messages a member received again
 * @param outOfOrder messages that arrived after a later one of the same room
 * @param openMembers members that saw at least one message
 * @param sumLast sum over those members of the last sequence they saw
 * @param silentMembers members that saw nothing although one of their own messages was acknowledged
 * @param sumSilentFrom sum over those members of the sequence of their first acknowledged message
 * @param reconnects sessions of members resumed on a new connection after theirs dropped
 * @param gaps {@code gap} frames members received (the server would not replay a range)
 * @param gapped messages skipped by those gaps: neither delivered nor lost
 */
public record RoomTally(String room, long maxSeq, long fixedLost, long duplicated, long outOfOrder, long openMembers,
        long sumLast, long silentMembers, long sumSilentFrom, long reconnects, long gaps, long gapped) {

    /** Messages owed to members and never received, given the room's final sequence. */
    public long lost(long finalSeq) {
        return fixedLost + openMembers * finalSeq - sumLast + silentMembers * (finalSeq + 1) - sumSilentFrom;
    }

    /** Lost messages with this tally's own highest sequence as the final one. */
    public long lost() {
        return lost(maxSeq);
    }

    /** The sum of two tallies of the same room. */
    public RoomTally plus(RoomTally o) {
        return new RoomTally(room, Math.max(maxSeq, o.maxSeq), fixedLost + o.fixedLost, duplicated + o.duplicated,
                outOfOrder + o.outOfOrder, openMembers + o.openMembers, sumLast + o.sumLast,
                silentMembers + o.silentMembers, sumSilentFrom + o.sumSilentFrom, reconnects + o.reconnects,
                gaps + o.gaps, gapped + o.gapped);
    }

    /** Mutable accumulator for one process. */
    static final class Builder {
        final String room;
        long maxSeq;
        long fixedLost;
        long duplicated;
        long outOfOrder;
        long openMembers;
        long sumLast;
        long silentMembers;
        long sumSilentFrom;
        long reconnects;
        long gaps;
        long gapped;

        Builder(String room) {
            this.room = room;
        }

        RoomTally build() {
            return new RoomTally(room, maxSeq, fixedLost, duplicated, outOfOrder, openMembers, sumLast, silentMembers,
                    sumSilentFrom, reconnects, gaps, gapped);
        }
    }
}
