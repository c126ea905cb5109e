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
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameReader#readView()}: the frame as a view of the reader's buffer. It must show the same bytes
 * {@code read()} would, across compaction, growth and the shrink after a large frame, whatever the caller
 * does to the view; and hostile input is refused as by {@code read()}.
 */
class FrameReaderViewTest {

    private static byte[] bytesOf(ByteBuffer view) {
        byte[] b = new byte[view.remaining()];
        view.get(view.position(), b);
        return b;
    }

    /** Lines of random lengths up to 20,000 bytes (past the 8 KiB start, so the buffer grows and shrinks). */
    private static List<byte[]> lines(Random random, int count) {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = random.nextInt(8) == 0 ? random.nextInt(20_000) : random.nextInt(100);
            byte[] line = new byte[length];
            for (int j = 0; j < length; j++) {
                line[j] = (byte) ('a' + random.nextInt(26));
            }
            lines.add(line);
        }
        return lines;
    }

    private static byte[] joined(List<byte[]> lines) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            all.writeBytes(line);
            all.write('\n');
        }
        return all.toByteArray();
    }

    @Test
    void viewsShowEveryFrameWholeEvenWhenTheCallerScribblesOverThem() throws Exception {
        List<byte[]> lines = lines(new Random(19), 400);
        // A small pipe: reads come in pieces, so frames straddle reads and the buffer compacts and grows.
        try (MemoryStream.Pair p = MemoryStream.pair(1000)) {
            Streams.send(p.client(), joined(lines));
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(20_000));
            for (int i = 0; i < lines.size(); i++) {
                ByteBuffer view = reader.readView();
                assertArrayEquals(lines.get(i), bytesOf(view), "line " + i);
                // A careless caller: overwrites the frame's bytes and consumes the view.
                for (int j = view.position(); j < view.limit(); j++) {
                    view.put(j, (byte) '\n');
                }
                view.position(view.limit());
            }
            assertNull(reader.readView());
        }
    }

    @Test
    void readAndReadViewMixAndReadCopiesWhatTheNextReadWouldOverwrite() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.send(p.client(), ascii("one\ntwo\nthree\n"));
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(100));
            byte[] one = reader.read();
            ByteBuffer two = reader.readView();
            assertEquals("two", Streams.text(bytesOf(two)));
            Arrays.fill(two.array(), two.position(), two.limit(), (byte) 'x'); // the view's bytes are the reader's
            assertEquals("three", Streams.text(reader.read()));
            assertEquals("one", Streams.text(one), "a copy is the caller's");
        }
    }

    @Test
    void theViewOfALargeLastFrameStaysWholeAfterTheReaderShrinksItsBuffer() throws Exception {
        byte[] big = new byte[50_000];
        Arrays.fill(big, (byte) 'b');
        byte[] input = new byte[big.length + 1];
        System.arraycopy(big, 0, input, 0, big.length);
        input[big.length] = '\n';
        try (MemoryStream.Pair p = MemoryStream.pair(100_000)) {
            p.client().write(ByteBuffer.wrap(input));
            p.client().shutdownOutput();
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(60_000));
            ByteBuffer view = reader.readView();
            assertEquals(8192, reader.bufferCapacity(), "the reader let go of its large buffer");
            assertArrayEquals(big, bytesOf(view), "but the view still shows the frame");
            assertNull(reader.readView());
        }
    }

    @Test
    void anEndlessLineIsRefusedAtTheLimitThroughTheViewToo() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(4096)) {
            AtomicLong written = new AtomicLong();
            Thread peer = Streams.endless(p.client(), ascii("first\n"), (byte) 'x', written);
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(100));
            assertEquals("first", Streams.text(bytesOf(reader.readView())));
            FrameTooLongException e = assertThrows(FrameTooLongException.class, reader::readView);
            assertEquals(100, e.limit());
            assertFalse(p.server().isOpen(), "refused and closed without reading the rest");
            peer.join(java.time.Duration.ofMinutes(1));
            assertFalse(peer.isAlive());
            assertTrue(reader.bufferCapacity() <= 102, "buffer " + reader.bufferCapacity());
        }
    }

    @Test
    void endOfStreamBetweenFramesIsNullAndInsideOneAnEof() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.send(p.client(), ascii("whole\nhalf"));
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(100));
            assertEquals("whole", Streams.text(bytesOf(reader.readView())));
            assertThrows(EOFException.class, reader::readView);
        }
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            Streams.send(p.client(), new byte[0]);
            assertNull(new FrameReader(p.server(), LineFraming.of(100)).readView());
        }
    }
}
