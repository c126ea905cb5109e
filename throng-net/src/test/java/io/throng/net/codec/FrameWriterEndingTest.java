package io.throng.net.codec;

import static io.throng.net.codec.Streams.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.throng.net.MemoryStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameWriter} with a framing that only appends an ending (lines, delimiters), which it writes with
 * its own reused ending instead of asking the framing to encode: the same bytes, the same refusals, the
 * caller's buffer untouched, and no frame torn when many threads write, even one shared buffer.
 */
class FrameWriterEndingTest {

    @Test
    void linesAndDelimitedFramesGetTheirEndingAndThePayloadsPositionStays() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            ByteBuffer payload = ByteBuffer.wrap(ascii("..abc..")).position(2).limit(5);
            new FrameWriter(p.client(), LineFraming.of(10)).write(payload);
            assertEquals(2, payload.position(), "the caller's position is not moved");
            assertEquals(5, payload.limit());
            FrameWriter crlf = new FrameWriter(p.client(), new LineFraming(10, true));
            crlf.write(payload);
            crlf.write(payload); // the ending is whole again for the next frame
            new FrameWriter(p.client(), new DelimiterFraming(ascii("||"), 10)).write(ascii("d"));
            p.client().shutdownOutput();
            assertEquals("abc\nabc\r\nabc\r\nd||",
                    Streams.text(new FrameReader(p.server(), new FixedLengthFraming(17)).read()));
        }
    }

    @Test
    void whatAReaderWouldRefuseIsRefusedBeforeAByteIsWritten() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            FrameWriter lines = new FrameWriter(p.client(), LineFraming.of(10));
            assertThrows(IllegalArgumentException.class, () -> lines.write(ascii("two\nlines")));
            assertThrows(IllegalArgumentException.class, () -> lines.write(ascii("eleven byte")));
            FrameWriter delimited = new FrameWriter(p.client(), new DelimiterFraming(ascii("||"), 10));
            assertThrows(IllegalArgumentException.class, () -> delimited.write(ascii("a||b")));
            lines.write(ascii("ok"));
            p.client().shutdownOutput();
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(100));
            assertEquals("ok", Streams.text(reader.read()), "nothing of the refused frames went out");
            assertNull(reader.read());
        }
    }

    @Test
    void manyThreadsWritingOneSharedBufferTearNoFrame() throws Exception {
        int threads = 8;
        int frames = 2_000;
        String expected = "a shared line, the same buffer object in every thread";
        ByteBuffer shared = ByteBuffer.wrap(ascii(expected));
        try (MemoryStream.Pair p = MemoryStream.pair(256)) { // small: writes block mid-frame and threads queue
            FrameWriter writer = new FrameWriter(p.client(), LineFraming.of(100));
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writers.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < frames; i++) {
                            writer.write(shared);
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            Thread closer = Thread.ofVirtual().start(() -> {
                try {
                    for (Thread w : writers) {
                        w.join();
                    }
                    p.client().shutdownOutput();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            go.countDown();
            FrameReader reader = new FrameReader(p.server(), LineFraming.of(1000));
            int seen = 0;
            for (byte[] line = reader.read(); line != null; line = reader.read()) {
                assertEquals(expected, Streams.text(line), "line " + seen);
                seen++;
            }
            closer.join();
            assertEquals(threads * frames, seen);
            assertEquals(0, shared.position(), "nobody moved the shared buffer");
        }
    }
}
