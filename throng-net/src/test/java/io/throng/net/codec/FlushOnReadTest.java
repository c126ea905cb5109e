package io.throng.net.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.throng.net.ByteStream;
import io.throng.net.MemoryStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A broken rule shows as a wrong count or order, or as a read that never ends: the class timeout fails it. */
@Timeout(60)
class FlushOnReadTest {
    private static final LineFraming LINES = LineFraming.of(1024);

    /** The server's end, counting the writes that reach it. */
    private static final class Counted implements ByteStream {
        final ByteStream end;
        final AtomicInteger writes = new AtomicInteger();

        Counted(ByteStream end) {
            this.end = end;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return end.read(dst);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            writes.incrementAndGet();
            return end.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            writes.incrementAndGet();
            return end.write(src);
        }

        @Override
        public void shutdownOutput() throws IOException {
            end.shutdownOutput();
        }

        @Override
        public boolean isOpen() {
            return end.isOpen();
        }

        @Override
        public void close() throws IOException {
            end.close();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static void virtual(Runnable r) {
        Thread.ofVirtual().start(r);
    }

    private static <T> T within(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void answersToPipelinedRequestsLeaveInOneWrite() throws Exception {
        try (MemoryStream.Pair pair = MemoryStream.pair()) {
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                requests.append("line ").append(i).append('\n');
            }
            pair.client().write(ByteBuffer.wrap(ascii(requests.toString()))); // all 16 before the server reads
            Counted counted = new Counted(pair.server());
            CompletableFuture<Integer> echoed = CompletableFuture.supplyAsync(() -> {
                try (FlushOnRead stream = new FlushOnRead(counted)) {
                    FrameReader in = new FrameReader(stream, LINES);
                    FrameWriter out = new FrameWriter(stream, LINES);
                    int n = 0;
                    for (byte[] line = in.read(); line != null; line = in.read()) {
                        out.write(line);
                        n++;
                    }
                    return n;
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, FlushOnReadTest::virtual);
            FrameReader answers = new FrameReader(pair.client(), LINES);
            for (int i = 0; i < 16; i++) {
                assertEquals("line " + i, text(answers.read()));
            }
            assertEquals(1, counted.writes.get(), "sixteen answers, one write");
            pair.client().shutdownOutput();
            assertEquals(16, within(echoed));
            assertNull(answers.read(), "the server closed after the end of its input");
        }
    }

    @Test
    void aWriteFromAnotherThreadGoesOutAtOnce() throws Exception {
        try (MemoryStream.Pair pair = MemoryStream.pair()) {
            FlushOnRead stream = new FlushOnRead(pair.server());
            FrameReader in = new FrameReader(stream, LINES);
            FrameWriter out = new FrameWriter(stream, LINES);
            CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.read(); // blocks: the client sends nothing until it has the push
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, FlushOnReadTest::virtual);
            out.write(ascii("push")); // this thread is not the reader
            FrameReader client = new FrameReader(pair.client(), LINES);
            assertEquals("push", text(client.read()));
            new FrameWriter(pair.client(), LINES).write(ascii("thanks"));
            assertEquals("thanks", text(within(reading)));
        }
    }

    @Test
    void bytesLeaveInTheOrderTheyWereWritten() throws Exception {
        try (MemoryStream.Pair pair = MemoryStream.pair()) {
            FlushOnRead stream = new FlushOnRead(pair.server());
            FrameWriter out = new FrameWriter(stream, LINES);
            CountDownLatch waiting = new CountDownLatch(1);
            CountDownLatch foreignWritten = new CountDownLatch(1);
            new FrameWriter(pair.client(), LINES).write(ascii("go"));
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try {
                    new FrameReader(stream, LINES).read();
                    out.write(ascii("a")); // the reader's: waits
                    waiting.countDown();
                    foreignWritten.await();
                    out.write(ascii("c")); // the reader's again: waits
                    stream.shutdownOutput(); // writes it out
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            }, FlushOnReadTest::virtual);
            waiting.await(30, TimeUnit.SECONDS);
            out.write(ascii("b")); // another thread's: "a" first, then "b"
            foreignWritten.countDown();
            within(server);
            FrameReader client = new FrameReader(pair.client(), LINES);
            assertEquals("a", text(client.read()));
            assertEquals("b", text(client.read()));
            assertEquals("c", text(client.read()));
            assertNull(client.read());
        }
    }

    @Test
    void closeWritesOutWhatWaitsAndALargeAnswerGoesStraightThrough() throws Exception {
        try (MemoryStream.Pair pair = MemoryStream.pair(8 * 1024)) { // smaller than the answer: it must stream
            LengthFieldFraming frames = LengthFieldFraming.of(1 << 20, 0, 4, 0, 4);
            byte[] big = new byte[200 * 1024];
            new java.util.Random(7).nextBytes(big);
            new FrameWriter(pair.client(), frames).write(ascii("go"));
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (FlushOnRead stream = new FlushOnRead(pair.server())) {
                    FrameWriter out = new FrameWriter(stream, frames);
                    new FrameReader(stream, frames).read();
                    out.write(ascii("small")); // waits
                    out.write(big); // past the limit: "small" first, then this, straight through
                    out.write(ascii("last")); // waits until close
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, FlushOnReadTest::virtual);
            FrameReader client = new FrameReader(pair.client(), frames);
            assertEquals("small", text(client.read()));
            assertArrayEquals(big, client.read());
            assertEquals("last", text(client.read()));
            within(server);
            assertNull(client.read());
        }
    }

    @Test
    void aBatchMuchLargerThanTheLastStillLeavesWholeInOrderInOneWrite() throws Exception {
        // The batch buffer is sized by the previous batch: a one-line batch, then one of 20 lines
        // each longer than the smallest buffer.
        LineFraming lines = LineFraming.of(8192); // a reader buffer of 8 KiB: the 6,000-byte batch is one read
        try (MemoryStream.Pair pair = MemoryStream.pair()) {
            Counted counted = new Counted(pair.server());
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (FlushOnRead stream = new FlushOnRead(counted)) {
                    FrameReader in = new FrameReader(stream, lines);
                    FrameWriter out = new FrameWriter(stream, lines);
                    for (ByteBuffer line = in.readView(); line != null; line = in.readView()) {
                        out.write(line);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, FlushOnReadTest::virtual);
            FrameReader client = new FrameReader(pair.client(), lines);
            new FrameWriter(pair.client(), lines).write(ascii("small"));
            assertEquals("small", text(client.read()));
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                batch.append(String.valueOf((char) ('A' + i % 26)).repeat(300)).append(i).append('\n');
            }
            pair.client().write(ByteBuffer.wrap(ascii(batch.toString()))); // 6,000 bytes in one burst
            for (int i = 0; i < 20; i++) {
                assertEquals(String.valueOf((char) ('A' + i % 26)).repeat(300) + i, text(client.read()));
            }
            assertEquals(2, counted.writes.get(), "one write per batch, however the buffer had to grow");
            pair.client().shutdownOutput();
            within(server);
            assertNull(client.read());
        }
    }
}
