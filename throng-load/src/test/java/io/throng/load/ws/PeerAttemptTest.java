package io.throng.load.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.load.ConnectOutcome;
import org.junit.jupiter.api.Test;

/** A connection attempt lands in one bucket once: whichever of its thread and the engine's cancel comes first. */
class PeerAttemptTest {
    private static Peer peer() {
        return new Peer(null, null, 0, false);
    }

    @Test
    void cancellingAQueuedAttemptMeansItNeverStartsAndItsThreadCannotOverrule() {
        Peer p = peer();
        p.cancel();
        assertEquals(ConnectOutcome.NOT_STARTED, p.attempt());
        assertFalse(p.beginHandshake(), "the thread that finally gets a slot must not start the handshake");
        assertFalse(p.end(ConnectOutcome.HELD));
        assertEquals(ConnectOutcome.NOT_STARTED, p.attempt());
    }

    @Test
    void cancellingDuringTheHandshakeTimesItOutAndALateOpenIsNotHeld() {
        Peer p = peer();
        assertTrue(p.beginHandshake());
        p.cancel();
        assertEquals(ConnectOutcome.TIMED_OUT, p.attempt());
        assertFalse(p.end(ConnectOutcome.HELD), "the late connection is closed, not counted");
        assertFalse(p.held());
    }

    @Test
    void anEndedAttemptIgnoresTheCancel() {
        Peer p = peer();
        assertTrue(p.beginHandshake());
        assertTrue(p.end(ConnectOutcome.REFUSED));
        p.cancel();
        assertFalse(p.end(ConnectOutcome.FAILED));
        assertEquals(ConnectOutcome.REFUSED, p.attempt());
    }
}
