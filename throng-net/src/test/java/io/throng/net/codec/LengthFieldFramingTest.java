package io.throng.net.codec;

import static io.throng.net.codec.Streams.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.MemoryStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Length-field framing: parity with the seven examples of Netty's {@code LengthFieldBasedFrameDecoder}
 * javadoc (the same parameters must cut the same bytes into the same frames, and the writer must
 * produce those bytes back), then hostile lengths: refused from the header alone, the stream closed.
 */
class LengthFieldFramingTest {

    private static final byte[] HELLO = ascii("HELLO, WORLD");

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * Reads {@code wire} sent twice in one burst (so a cut that takes too much or too little shows), one
     * byte at a time the second time round (so partial headers show); both must give {@code frame}.
     */
    private static void assertDecodes(LengthFieldFraming framing, byte[] wire, byte[] frame) throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.send(p.client(), concat(wire, wire));
            FrameReader reader = new FrameReader(p.server(), framing);
            assertArrayEquals(frame, reader.read());
            assertArrayEquals(frame, reader.read());
            assertNull(reader.read(), "end of stream between frames");
        }
        try (MemoryStream.Pair p = MemoryStream.pair(1)) { // one byte per read
            Streams.send(p.client(), wire);
            assertArrayEquals(frame, new FrameReader(p.server(), framing).read());
        }
    }

    /** The writer, given the frame without its length field, writes {@code wire}: reading is undone exactly. */
    private static void assertEncodes(LengthFieldFraming framing, byte[] withoutField, byte[] wire) throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            new FrameWriter(p.client(), framing).write(withoutField);
            p.client().shutdownOutput();
            byte[] got = new FrameReader(p.server(), new FixedLengthFraming(wire.length)).read();
            assertArrayEquals(wire, got);
        }
    }

    @Test
    void nettyExample1TwoByteFieldAtOffset0DoNotStrip() throws Exception {
        LengthFieldFraming f = LengthFieldFraming.of(1024, 0, 2, 0, 0);
        byte[] wire = concat(bytes(0x00, 0x0C), HELLO);
        assertDecodes(f, wire, wire);
        assertEncodes(f, HELLO, wire);
    }

    @Test
    void nettyExample2TwoByteFieldAtOffset0StripHeader() throws Exception {
        LengthFieldFraming f = LengthFieldFraming.of(1024, 0, 2, 0, 2);
        assertDecodes(f, concat(bytes(0x00, 0x0C), HELLO), HELLO);
        assertEncodes(f, HELLO, concat(bytes(0x00, 0x0C), HELLO));
    }

    @Test
    void nettyExample3FieldCountsTheWholeMessage() throws Exception {
        LengthFieldFraming f = LengthFieldFraming.of(1024, 0, 2, -2, 0);
        byte[] wire = concat(bytes(0x00, 0x0E), HELLO);
        assertDecodes(f, wire, wire);
        assertEncodes(f, HELLO, wire);
    }

    @Test
    void nettyExample4ThreeByteFieldAtTheEndOfAFiveByteHeader() throws Exception {
        LengthFieldFraming f = LengthFieldFraming.of(1024, 2, 3, 0, 0);
        byte[] wire = concat(bytes(0xCA, 0xFE, 0x00, 0x00, 0x0C), HELLO);
        assertDecodes(f, wire, wire);
        assertEncodes(f, concat(bytes(0xCA, 0xFE), HELLO), wire);
    }

    @Test
    void nettyExample5ThreeByteFieldAtTheStartOfAFiveByteHeader() throws Exception {
        LengthFieldFraming f = LengthFieldFraming.of(1024, 0, 3, 2, 0);
        byte[] wire = concat(bytes(0x00, 0x00, 0x0C, 0xCA, 0xFE), HELLO);
        assertDecodes(f, wire, wire);
        assertEncodes(f, concat(bytes(0xCA, 0xFE), HELLO), wire);
    }

    @Test
    void nettyExample6FieldInTheMiddleOfAFourByteHeaderStripFirstFieldAndLength() throws Exception {
        LengthFieldFraming f = LengthFieldFraming.of(1024, 1, 2, 1, 3);
        byte[] wire = concat(bytes(0xCA, 0x00, 0x0C, 0xFE), HELLO);
        assertDecodes(f, wire, concat(bytes(0xFE), HELLO));
        assertEncodes(f, concat(bytes(0xCA, 0xFE), HELLO), wire);
    }

    @Test
    void nettyExample7SameButTheFieldCountsTheWholeMessage() throws Exception {
        LengthFieldFraming f = LengthFieldFraming.of(1024, 1, 2, -3, 3);
        byte[] wire = concat(bytes(0xCA, 0x00, 0x10, 0xFE), HELLO);
        assertDecodes(f, wire, concat(bytes(0xFE), HELLO));
        assertEncodes(f, concat(bytes(0xCA, 0xFE), HELLO), wire);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void everyWidthAndByteOrderRoundTrips(int width) throws Exception {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            LengthFieldFraming f = LengthFieldFraming.of(300, 0, width, 0, width).withOrder(order);
            byte[] payload = new byte[200];
            new java.util.Random(width).nextBytes(payload);
            try (MemoryStream.Pair p = MemoryStream.pair()) {
                FrameWriter w = new FrameWriter(p.client(), f);
                w.write(payload);
                w.write(new byte[0]);
                p.client().shutdownOutput();
                FrameReader r = new FrameReader(p.server(), f);
                assertArrayEquals(payload, r.read(), order + " " + width);
                assertArrayEquals(new byte[0], r.read());
                assertNull(r.read());
            }
        }
        // 200 = 0xC8 little-endian puts the value in the first byte on the wire.
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            new FrameWriter(p.client(), LengthFieldFraming.of(300, 0, width, 0, 0).withOrder(ByteOrder.LITTLE_ENDIAN))
                    .write(new byte[200]);
            assertEquals(200, new FrameReader(p.server(), new FixedLengthFraming(1)).read()[0] & 0xff);
        }
    }

    @Test
    void aHugeLengthFieldIsRefusedFromTheHeaderAloneAndTheStreamClosed() throws Exception {
        LengthFieldFraming f = LengthFieldFraming.of(64 * 1024, 0, 4, 0, 4);
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            AtomicLong written = new AtomicLong();
            Thread peer = Streams.endless(p.client(), bytes(0x7F, 0xFF, 0xFF, 0xFF), (byte) 'x', written);
            FrameReader reader = new FrameReader(p.server(), f);
            FrameTooLongException e = assertThrows(FrameTooLongException.class, reader::read);
            assertEquals(0x7FFFFFFFL + 4, e.length());
            assertEquals(64 * 1024, e.limit());
            assertFalse(p.server().isOpen(), "the reader closed the stream");
            peer.join(java.time.Duration.ofMinutes(1));
            assertFalse(peer.isAlive(), "the endless peer's write failed once the reader closed");
            // What the peer got in is at most what the pipe holds plus what the reader buffered (8 KiB).
            assertTrue(written.get() <= 64 * 1024 + 8192 + 4, "bytes accepted: " + written.get());
        }
    }

    @Test
    void anEightByteFieldAboveLongMaxIsMalformedNotNegative() throws Exception {
        LengthFieldFraming f = LengthFieldFraming.of(1024, 0, 8, 0, 0);
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.send(p.client(), bytes(0x80, 0, 0, 0, 0, 0, 0, 1));
            MalformedFrameException e = assertThrows(MalformedFrameException.class, new FrameReader(p.server(), f)::read);
            assertTrue(e.getMessage().contains("negative length"), e.getMessage());
            assertFalse(p.server().isOpen());
        }
    }

    @Test
    void anAdjustmentBelowTheHeaderIsMalformed() throws Exception {
        // Field 1 with adjustment -4: the frame would end before its own length field does.
        LengthFieldFraming f = LengthFieldFraming.of(1024, 0, 2, -4, 0);
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.send(p.client(), bytes(0x00, 0x01, 'a', 'b'));
            MalformedFrameException e = assertThrows(MalformedFrameException.class, new FrameReader(p.server(), f)::read);
            assertFalse(e instanceof FrameTooLongException);
            assertTrue(e.getMessage().contains("less than the length field"), e.getMessage());
        }
        // Stripping more than the frame holds is malformed too.
        LengthFieldFraming strip = LengthFieldFraming.of(1024, 0, 1, 0, 5);
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.send(p.client(), bytes(0x01, 'a'));
            assertThrows(MalformedFrameException.class, new FrameReader(p.server(), strip)::read);
        }
    }

    @Test
    void notFailingFastSkipsTheOversizedFrameWithoutBufferingItAndGoesOn() throws Exception {
        LengthFieldFraming f = LengthFieldFraming.of(1024, 0, 4, 0, 4).withFailFast(false);
        byte[] big = new byte[1_000_000];
        byte[] wire = concat(bytes(0, 0x0F, 0x42, 0x40), big, bytes(0, 0, 0, 2), ascii("ok"));
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.send(p.client(), wire);
            FrameReader reader = new FrameReader(p.server(), f);
            FrameTooLongException e = assertThrows(FrameTooLongException.class, reader::read);
            assertEquals(1_000_004, e.length());
            assertTrue(p.server().isOpen(), "not failing fast keeps the stream");
            assertTrue(reader.bufferCapacity() <= 1024, "buffered " + reader.bufferCapacity());
            assertArrayEquals(ascii("ok"), reader.read(), "the next frame after the skipped one");
            assertNull(reader.read());
        }
    }

    @Test
    void theWriterRefusesWhatTheReaderWouldRefuse() {
        LengthFieldFraming oneByte = LengthFieldFraming.of(1024, 0, 1, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> oneByte.encode(java.nio.ByteBuffer.allocate(256)));
        LengthFieldFraming small = LengthFieldFraming.of(10, 0, 2, 0, 2);
        assertThrows(IllegalArgumentException.class, () -> small.encode(java.nio.ByteBuffer.allocate(9)));
        assertThrows(IllegalArgumentException.class, () -> LengthFieldFraming.of(1024, 0, 5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> LengthFieldFraming.of(1024, 2, 2, 0, 0)
                .encode(java.nio.ByteBuffer.allocate(1)));
    }
}
