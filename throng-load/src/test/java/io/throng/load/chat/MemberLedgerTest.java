package io.throng.load.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemberLedgerTest {

    private static RoomTally tally(MemberLedger... members) {
        RoomTally.Builder b = new RoomTally.Builder("r");
        for (MemberLedger m : members) {
            m.addTo(b);
        }
        return b.build();
    }

    private static MemberLedger receiving(long... seqs) {
        MemberLedger m = new MemberLedger();
        for (long s : seqs) {
            m.received(s);
        }
        return m;
    }

    @Test
    void aCompleteStreamHasNothingToReport() {
        RoomTally t = tally(receiving(5, 6, 7, 8));
        assertEquals(0, t.lost(8));
        assertEquals(0, t.duplicated());
        assertEquals(0, t.outOfOrder());
    }

    @Test
    void aHoleIsLost() {
        RoomTally t = tally(receiving(1, 2, 4, 5));
        assertEquals(1, t.lost(5));
        assertEquals(0, t.duplicated());
    }

    @Test
    void aDuplicateIsCountedOnceAndIsNotLoss() {
        MemberLedger m = new MemberLedger();
        assertEquals(MemberLedger.Receipt.IN_ORDER, m.received(1));
        m.received(2);
        assertEquals(MemberLedger.Receipt.DUPLICATE, m.received(2));
        m.received(3);
        RoomTally t = tally(m);
        assertEquals(1, t.duplicated());
        assertEquals(0, t.lost(3));
        assertEquals(0, t.outOfOrder());
    }

    @Test
    void aReorderIsOutOfOrderButNotLost() {
        MemberLedger m = new MemberLedger();
        m.received(1);
        m.received(3);
        assertEquals(MemberLedger.Receipt.LATE, m.received(2));
        m.received(4);
        RoomTally t = tally(m);
        assertEquals(1, t.outOfOrder());
        assertEquals(0, t.lost(4));
        assertEquals(0, t.duplicated());
    }

    @Test
    void aLateMessageSeenTwiceIsADuplicate() {
        RoomTally t = tally(receiving(1, 3, 2, 2));
        assertEquals(1, t.outOfOrder());
        assertEquals(1, t.duplicated());
        assertEquals(0, t.lost(3));
    }

    @Test
    void messagesBeforeTheFirstSeenAreNotOwedUnlessAnOwnAckProvesMembership() {
        assertEquals(0, tally(receiving(10, 11)).lost(11));
        MemberLedger m = receiving(10, 11);
        m.ownAck(8); // our own message 8 was ordered after our join: 8 and 9 were owed to us
        assertEquals(2, tally(m).lost(11));
    }

    @Test
    void theTailAfterTheLastSeenIsLostAgainstTheRoomsFinalSequence() {
        RoomTally t = tally(receiving(1, 2, 3), receiving(1, 2, 3, 4, 5));
        assertEquals(2, t.lost(5));
        assertEquals(5, t.maxSeq());
        assertEquals(4, t.lost(6)); // another process saw 6: both members owe it
    }

    @Test
    void aMemberThatSawNothingButWasAckedLostEverythingFromItsOwnMessage() {
        MemberLedger silent = new MemberLedger();
        silent.ownAck(4);
        assertEquals(3, tally(silent, receiving(1, 2, 3, 4, 5, 6)).lost(6)); // 4, 5, 6
    }

    @Test
    void aDroppedMemberOwesNothingAfterItsLastMessage() {
        MemberLedger m = receiving(1, 3);
        m.drop();
        assertEquals(1, tally(m, receiving(1, 2, 3, 4, 5)).lost(5)); // only its hole at 2
    }

    @Test
    void talliesFromSeveralProcessesAddUp() {
        RoomTally a = tally(receiving(1, 2, 3));
        RoomTally b = tally(receiving(1, 2, 4, 5, 5));
        RoomTally sum = a.plus(b);
        assertEquals(5, sum.maxSeq());
        assertEquals(2 + 1, sum.lost()); // a misses 4 and 5, b misses 3
        assertEquals(1, sum.duplicated());
    }

    @Test
    void aDeclaredGapIsSkippedNotLostAndWhatFollowsIsInOrder() {
        MemberLedger m = receiving(1, 2, 3);
        m.resumed();
        m.gap(3, 9);
        m.received(10);
        m.received(11);
        RoomTally t = tally(m);
        assertEquals(0, t.lost(11));
        assertEquals(0, t.outOfOrder());
        assertEquals(1, t.gaps());
        assertEquals(6, t.gapped());
        assertEquals(1, t.reconnects());
        // a message inside the skipped range arriving after all is a duplicate, not a late one
        m.received(5);
        assertEquals(1, tally(m).duplicated());
    }

    @Test
    void aGapBelowWhatWasSeenSkipsNothingAndAHoleBeforeItStaysLost() {
        MemberLedger m = receiving(1, 2, 4, 5);
        m.gap(2, 4); // e.g. 'ahead' after a server reset: upto is not above the last sequence seen
        RoomTally t = tally(m);
        assertEquals(1, t.gaps());
        assertEquals(0, t.gapped());
        assertEquals(1, t.lost(5), "3 was never received and the gap did not cover it above the last seen");
    }

    @Test
    void replayedMessagesAfterAResumeAreDeliveredInOrder() {
        MemberLedger m = receiving(1, 2, 3);
        m.resumed(); // the connection dropped after 3; the server replays 4..6, then live 7
        for (long s = 4; s <= 7; s++) {
            assertEquals(MemberLedger.Receipt.IN_ORDER, m.received(s));
        }
        RoomTally t = tally(m);
        assertEquals(0, t.lost(7));
        assertEquals(0, t.duplicated() + t.outOfOrder());
    }
}
