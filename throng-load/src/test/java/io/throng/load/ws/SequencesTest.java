package io.throng.load.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SequencesTest {
    private final Sequences s = new Sequences();

    @Test
    void theFirstMessageOfEachSenderIsTheBaseline() {
        assertTrue(s.accept(1, 500));
        assertTrue(s.accept(2, 0));
        assertTrue(s.accept(1, 501));
        assertEquals(0, s.lost());
    }

    @Test
    void aJumpForwardCountsTheSkippedAsLostPerSender() {
        s.accept(1, 0);
        s.accept(2, 0);
        assertFalse(s.accept(1, 4));
        assertEquals(3, s.lost());
        assertTrue(s.accept(1, 5));
        assertTrue(s.accept(2, 1), "sender 2's sequence is its own");
        assertEquals(3, s.lost());
    }

    @Test
    void repeatsAndLateArrivalsAreDisorderNotLoss() {
        s.accept(7, 10);
        s.accept(7, 11);
        assertFalse(s.accept(7, 11));
        assertFalse(s.accept(7, 3));
        assertEquals(2, s.disordered());
        assertEquals(0, s.lost());
    }
}
