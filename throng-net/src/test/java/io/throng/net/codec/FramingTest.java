package io.throng.net.codec;

import static io.throng.net.codec.Streams.ascii;
import static io.throng.net.codec.Streams.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.MemoryStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Delimiter, fixed-length, netstring and tnetstring framings: hostile input first, then the round trips. */
class FramingTest {

    private static FrameReader reader(MemoryStream.Pair p, Framing f, String wire) {
        Streams.send(p.client(), ascii(wire));
        return new FrameReader(p.server(), f);
    }

    @Test
    void aNetstringSizeOverTheLimitIsRefusedBeforeItsDataComes() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            AtomicLong written = new AtomicLong();
            Streams.endless(p.client(), ascii("999999999:"), (byte) 'x', written);
            FrameReader reader = new FrameReader(p.server(), new NetstringFraming(1000));
            FrameTooLongException e = assertThrows(FrameTooLongException.class, reader::read);
            assertEquals(999_999_999L, e.length());
            assertFalse(p.server().isOpen());
            assertTrue(reader.bufferCapacity() <= 1011);
        }
    }

    @Test
    void malformedNetstringsAndTnetstringsAreRefusedWithTheStreamClosed() throws Exception {
        for (String bad : List.of("x:abc,", "3;abc,", "3:abc;", "1234567890:", "-1:a,")) {
            try (MemoryStream.Pair p = MemoryStream.pair()) {
                FrameReader r = reader(p, new NetstringFraming(1 << 20), bad);
                assertThrows(MalformedFrameException.class, r::read, bad);
                assertFalse(p.server().isOpen(), bad);
            }
        }
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            FrameReader r = reader(p, new TNetstringFraming(100), "3:abc?");
            assertTrue(assertThrows(MalformedFrameException.class, r::read).getMessage().contains("type byte"));
        }
    }

    @Test
    void netstringsRoundTripIncludingEmptyAndBinary() throws Exception {
        byte[] binary = {0, ',', ':', (byte) 0xff, '\n'};
        try (MemoryStream.Pair p = MemoryStream.pair(3)) {
            FrameWriter w = new FrameWriter(p.client(), new NetstringFraming(10));
            Thread.ofVirtual().start(() -> {
                try {
                    w.write(ascii("hello"));
                    w.write(new byte[0]);
                    w.write(binary);
                    p.client().shutdownOutput();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            FrameReader r = new FrameReader(p.server(), new NetstringFraming(10));
            assertEquals("hello", text(r.read()));
            assertArrayEquals(new byte[0], r.read());
            assertArrayEquals(binary, r.read());
            assertNull(r.read());
        }
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            assertEquals("5:hello,", text(reader(p, new FixedLengthFraming(8), "5:hello,").read()));
        }
    }

    @Test
    void tnetstringFramesAreWholeElementsForTheDecoder() throws Exception {
        TNetstring value = TNetstring.ListOf.of(TNetstring.Bytes.of("a"), new TNetstring.Int(42));
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            FrameWriter w = new FrameWriter(p.client(), new TNetstringFraming(100));
            w.write(TNetstrings.encode(value));
            w.write(TNetstrings.encode(TNetstring.Null.INSTANCE));
            p.client().shutdownOutput();
            FrameReader r = new FrameReader(p.server(), new TNetstringFraming(100));
            assertEquals(value, TNetstrings.decode(r.read()));
            assertEquals(TNetstring.Null.INSTANCE, TNetstrings.decode(r.read()));
            assertNull(r.read());
        }
        TNetstringFraming f = new TNetstringFraming(100);
        assertThrows(IllegalArgumentException.class, () -> f.encode(ByteBuffer.wrap(ascii("3:abc,1:x,"))));
        assertThrows(IllegalArgumentException.class, () -> f.encode(ByteBuffer.wrap(ascii("not one"))));
    }

    @Test
    void anEndlessFrameWithoutItsDelimiterIsRefusedAtTheLimit() throws Exception {
        DelimiterFraming f = new DelimiterFraming(ascii("||"), 50);
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.endless(p.client(), ascii("ab||"), (byte) '|', new AtomicLong());
            FrameReader r = new FrameReader(p.server(), f);
            assertEquals("ab", text(r.read()));
            assertEquals("", text(r.read()), "'||||' is two empty frames");
        }
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.endless(p.client(), ascii("ab||"), (byte) 'x', new AtomicLong());
            FrameReader r = new FrameReader(p.server(), f);
            assertEquals("ab", text(r.read()));
            assertThrows(FrameTooLongException.class, r::read);
            assertFalse(p.server().isOpen());
            assertTrue(r.bufferCapacity() <= 52);
        }
    }

    @Test
    void delimitersSplitAcrossReadsAreFound() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(1)) {
            FrameReader r = reader(p, new DelimiterFraming(ascii("\r\n\r\n"), 20), "head\r\n\r\nnext\r\n\r\n");
            assertEquals("head", text(r.read()));
            assertEquals("next", text(r.read()));
            assertNull(r.read());
        }
        DelimiterFraming f = new DelimiterFraming(ascii("##"), 20);
        assertThrows(IllegalArgumentException.class, () -> f.encode(ByteBuffer.wrap(ascii("a##b"))));
    }

    @Test
    void fixedLengthFramesAndATruncatedLastOne() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(2)) {
            FrameReader r = reader(p, new FixedLengthFraming(3), "abcdefgh");
            assertEquals("abc", text(r.read()));
            assertEquals("def", text(r.read()));
            assertThrows(java.io.EOFException.class, r::read);
        }
        assertThrows(IllegalArgumentException.class, () -> new FixedLengthFraming(3).encode(ByteBuffer.allocate(2)));
    }

    @Test
    void aLargeFrameDoesNotPinALargeBuffer() throws Exception {
        byte[] big = new byte[100_000];
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            FrameWriter w = new FrameWriter(p.client(), new NetstringFraming(1 << 20));
            Thread.ofVirtual().start(() -> {
                try {
                    w.write(big);
                    w.write(ascii("small"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            FrameReader r = new FrameReader(p.server(), new NetstringFraming(1 << 20));
            assertArrayEquals(big, r.read());
            assertEquals("small", text(r.read()));
            assertEquals(8192, r.bufferCapacity(), "back to the initial buffer once empty");
        }
    }
}
