package io.throng.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * A room stamps each message's frame with its commit time ({@link Frame#ordered}) and fans that copy out:
 * the copy must keep the original's WebSocket encoding, or every message would be encoded again. Frames
 * stay values: equal when their three fields are.
 */
class FrameTest {
    @Test
    void theStampedCopySharesTheWebSocketEncoding() {
        Frame plain = Frame.of(new ServerMessage.Gap("lobby", 1, 9, "window"));
        Frame stamped = plain.ordered(42);
        assertSame(plain.webSocket(), stamped.webSocket());
        assertEquals(42, stamped.ordered());
        assertEquals(plain.json(), stamped.json());
    }

    @Test
    void framesAreEqualByValue() {
        Frame a = new Frame("{\"type\":\"x\"}", true, 7);
        assertEquals(a, new Frame("{\"type\":\"x\"}", true, 7));
        assertEquals(a.hashCode(), new Frame("{\"type\":\"x\"}", true, 7).hashCode());
        assertNotEquals(a, new Frame("{\"type\":\"x\"}", false, 7));
        assertNotEquals(a, new Frame("{\"type\":\"x\"}", true, 8));
        assertNotEquals(a, new Frame("{\"type\":\"y\"}", true, 7));
    }
}
