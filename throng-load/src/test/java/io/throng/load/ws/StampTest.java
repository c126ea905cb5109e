package io.throng.load.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class StampTest {
    private final Stamp stamp = new Stamp(-123_456_789_012L, Long.MAX_VALUE, 0xfedcba98, 42);

    @Test
    void binaryRoundTripKeepsEveryFieldAndTheSize() {
        ByteBuffer b = stamp.toBinary(100);
        assertEquals(100, b.remaining());
        assertEquals(stamp, Stamp.of(b));
        assertEquals(0, b.position(), "reading a stamp does not consume the message");
        assertEquals(stamp, Stamp.of(stamp.toBinary(Stamp.minimumSize(true))));
    }

    @Test
    void textRoundTripIsAsciiOfTheRequestedLength() {
        String t = stamp.toText(64);
        assertEquals(64, t.length());
        assertEquals(stamp, Stamp.of(t));
        assertEquals("xxxxxxxx", t.substring(56));
        assertEquals(stamp, Stamp.of(stamp.toText(Stamp.minimumSize(false))));
    }

    @Test
    void messagesThatCarryNoStampAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Stamp.of("hello"));
        assertThrows(IllegalArgumentException.class, () -> Stamp.of("z".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> Stamp.of(ByteBuffer.allocate(27)));
    }

    @Test
    void workloadRefusesSizesTooSmallForTheStamp() {
        java.net.URI uri = java.net.URI.create("ws://127.0.0.1:1/echo");
        assertThrows(IllegalArgumentException.class, () -> new WsWorkload(uri, WsWorkload.Mode.ECHO, 55, false, 0,
                false, java.time.Duration.ZERO));
        new WsWorkload(uri, WsWorkload.Mode.ECHO, 28, true, 0, false, java.time.Duration.ZERO);
        assertThrows(IllegalArgumentException.class, () -> new WsWorkload(uri, WsWorkload.Mode.FANOUT, 64, false, 0,
                false, java.time.Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new WsWorkload(java.net.URI.create("http://127.0.0.1/"),
                WsWorkload.Mode.ECHO, 64, false, 0, false, java.time.Duration.ZERO));
    }
}
