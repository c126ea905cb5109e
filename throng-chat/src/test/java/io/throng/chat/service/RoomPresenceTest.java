package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The union of this node's presence and the other nodes' lists, on a clock the test moves: only the
 * 0↔1 transitions of the union are reported, a list holds until its expiry and not a moment less.
 */
class RoomPresenceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(15);

    private final RoomPresence p = new RoomPresence();

    private static RoomPresence.Diff joined(String... users) {
        return new RoomPresence.Diff(List.of(users), List.of());
    }

    private static RoomPresence.Diff left(String... users) {
        return new RoomPresence.Diff(List.of(), List.of(users));
    }

    @Test
    void aUserOnlineElsewhereIsNotAnnouncedAgainWhenTheyArriveOrLeaveHere() {
        assertEquals(joined("bob"), p.heard("B", List.of("bob"), T0.plus(GRACE)));
        RoomPresence.Step in = p.arrive("bob");
        assertTrue(in.local(), "our own list changed: the other nodes must hear it");
        assertFalse(in.union(), "bob was online already");
        RoomPresence.Step out = p.depart("bob");
        assertTrue(out.local());
        assertFalse(out.union(), "bob is still online through B");
        assertEquals(List.of("bob"), p.online());
        assertEquals(List.of(), p.here());
    }

    @Test
    void twoSessionsHereAreOneUserAndOnlyTheLastToGoChangesAnything() {
        assertEquals(new RoomPresence.Step(true, true), p.arrive("ann"));
        assertEquals(new RoomPresence.Step(false, false), p.arrive("ann"));
        assertEquals(new RoomPresence.Step(false, false), p.depart("ann"));
        assertEquals(new RoomPresence.Step(true, true), p.depart("ann"));
        assertEquals(new RoomPresence.Step(false, false), p.depart("ann"), "a departure too many is nothing");
        assertEquals(List.of(), p.online());
    }

    @Test
    void aNewListReportsExactlyWhoCameAndWentAcrossTheUnion() {
        p.arrive("ann");
        assertEquals(joined("bob", "cat"), p.heard("B", List.of("cat", "bob", "ann"), T0.plus(GRACE)));
        assertEquals(RoomPresence.Diff.NONE, p.heard("C", List.of("cat"), T0.plus(GRACE)), "cat is online via B");
        assertEquals(new RoomPresence.Diff(List.of("dan"), List.of("bob")),
                p.heard("B", List.of("ann", "dan"), T0.plus(GRACE)));
        assertEquals(RoomPresence.Diff.NONE, p.heard("B", List.of("ann", "dan"), T0.plus(GRACE)), "a repeat says nothing");
        assertEquals(left("dan"), p.heard("B", List.of(), T0.plus(GRACE)), "cat is still on C, ann here");
        assertEquals(List.of("ann", "cat"), p.online());
    }

    @Test
    void aListHoldsUntilItsExpiryAndThenItsUsersLeaveOnce() {
        p.arrive("ann");
        p.heard("B", List.of("ann", "bob"), T0.plus(GRACE));
        p.heard("C", List.of("cat"), T0.plus(GRACE.multipliedBy(2)));
        assertEquals(RoomPresence.Diff.NONE, p.expire(T0.plus(GRACE).minusMillis(1)), "not before the grace");
        assertTrue(p.hearsOthers());
        assertEquals(left("bob"), p.expire(T0.plus(GRACE)), "ann is here: only bob leaves");
        assertEquals(RoomPresence.Diff.NONE, p.expire(T0.plus(GRACE)), "said once");
        assertEquals(List.of("ann", "cat"), p.online());
        assertEquals(left("cat"), p.expire(T0.plus(GRACE.multipliedBy(3))));
        assertFalse(p.hearsOthers(), "nothing left to expire");
    }

    @Test
    void aHeartbeatMovesTheExpiryOnSoALateOneOnlyDelays() {
        p.heard("B", List.of("bob"), T0.plus(GRACE));
        Instant beat = T0.plus(GRACE.dividedBy(3).multipliedBy(2)); // one heartbeat lost, the next arrives
        assertEquals(RoomPresence.Diff.NONE, p.heard("B", List.of("bob"), beat.plus(GRACE)));
        assertEquals(RoomPresence.Diff.NONE, p.expire(T0.plus(GRACE)), "the first list's expiry no longer counts");
        assertEquals(left("bob"), p.expire(beat.plus(GRACE)));
    }

    @Test
    void aUserInTwoExpiringListsLeavesOnlyWithTheLastAndOnce() {
        p.heard("B", List.of("bob"), T0.plus(GRACE));
        p.heard("C", List.of("bob"), T0.plus(GRACE));
        assertEquals(left("bob"), p.expire(T0.plus(GRACE)), "once, though two lists named bob");
        p.heard("B", List.of("bob"), T0.plus(GRACE));
        p.heard("C", List.of("bob"), T0.plus(GRACE.multipliedBy(2)));
        assertEquals(RoomPresence.Diff.NONE, p.expire(T0.plus(GRACE)), "C still has bob");
    }
}
