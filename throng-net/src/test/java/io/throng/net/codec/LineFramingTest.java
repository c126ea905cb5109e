package io.throng.net.codec;

import static io.throng.net.codec.Streams.ascii;
import static io.throng.net.codec.Streams.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.MemoryStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Lines as Netty's LineBasedFrameDecoder and Twisted's LineReceiver cut them, and endless lines refused. */
class LineFramingTest {

    @Test
    void anEndlessLineIsRefusedAtTheLimitAndTheStreamClosed() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(4096)) {
            AtomicLong written = new AtomicLong();
            Thread peer = Streams.endless(p.client(), ascii("first\n"), (byte) 'x', written);
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(100));
            assertEquals("first", text(reader.read()));
            FrameTooLongException e = assertThrows(FrameTooLongException.class, reader::read);
            assertEquals(100, e.limit());
            assertFalse(p.server().isOpen());
            peer.join(java.time.Duration.ofMinutes(1));
            assertFalse(peer.isAlive(), "the endless peer's write failed once the reader closed");
            assertTrue(reader.bufferCapacity() <= 102, "buffer " + reader.bufferCapacity());
            assertTrue(written.get() <= 4096 + 102 + 1024 + 6, "bytes accepted: " + written.get());
        }
    }

    @Test
    void aLineOverTheLimitInOneBurstIsRefusedToo() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.send(p.client(), ascii("12345\n123456\n"));
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(5));
            assertEquals("12345", text(reader.read()));
            FrameTooLongException e = assertThrows(FrameTooLongException.class, reader::read);
            assertEquals(6, e.length());
        }
    }

    @Test
    void theLimitCountsTheLineNotItsEnding() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(1)) { // byte by byte: the '\r' waits for its '\n'
            Streams.send(p.client(), ascii("12345\r\n12345\n\r\n\n"));
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(5));
            assertEquals("12345", text(reader.read()));
            assertEquals("12345", text(reader.read()));
            assertEquals("", text(reader.read()));
            assertEquals("", text(reader.read()));
            assertNull(reader.read());
        }
    }

    @Test
    void aBareCarriageReturnStaysInTheLine() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.send(p.client(), ascii("a\rb\r\r\n"));
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(10));
            assertEquals("a\rb\r", text(reader.read()));
        }
    }

    @Test
    void aStreamEndingInsideALineIsAnEofNotALine() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.send(p.client(), ascii("whole\npartial"));
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(10));
            assertEquals("whole", text(reader.read()));
            assertThrows(EOFException.class, reader::read);
        }
    }

    @Test
    void manyLinesInOneBurstAndLinesAcrossReads() throws Exception {
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sent.append("line ").append(i).append(i % 2 == 0 ? "\n" : "\r\n");
        }
        try (MemoryStream.Pair p = MemoryStream.pair(777)) { // reads end in the middle of lines
            Streams.send(p.client(), ascii(sent.toString()));
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(20));
            for (int i = 0; i < 5000; i++) {
                assertEquals("line " + i, text(reader.read()));
            }
            assertNull(reader.read());
        }
    }

    @Test
    void theWriterEndsLinesAndRefusesOnesThatWouldNotComeBackWhole() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            new FrameWriter(p.client(), LineFraming.of(10)).write(ascii("lf"));
            new FrameWriter(p.client(), new LineFraming(10, true)).write(ascii("crlf"));
            p.client().shutdownOutput();
            assertEquals("lf\ncrlf\r\n", text(new FrameReader(p.server(), new FixedLengthFraming(9)).read()));
        }
        LineFraming f = LineFraming.of(10);
        assertThrows(IllegalArgumentException.class, () -> f.encode(ByteBuffer.wrap(ascii("two\nlines"))));
        assertThrows(IllegalArgumentException.class, () -> f.encode(ByteBuffer.wrap(ascii("eleven byte"))));
    }
}
