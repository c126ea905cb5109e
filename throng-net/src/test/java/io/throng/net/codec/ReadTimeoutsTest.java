package io.throng.net.codec;

import static io.throng.net.codec.Streams.ascii;
import static io.throng.net.codec.Streams.text;
import static io.throng.net.codec.Streams.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.throng.channels.ManualTimers;
import io.throng.net.MemoryStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reader's timeouts, on a fake clock over an in-memory stream: no socket, no sleep, and exact times.
 * A peer silent mid-frame (or between frames) is given up after the idle time to the nanosecond, the
 * stream closed and nothing left scheduled; a slow but live peer is never cut by the per-read timeout
 * but is by the per-frame one; time the caller spends between reads counts for neither.
 */
class ReadTimeoutsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private final ManualTimers clock = new ManualTimers();
    private final MemoryStream.Pair pair = MemoryStream.pair();

    @AfterEach
    void close() {
        pair.close();
    }

    /** Counts what the reader took off the stream, so the test knows when it waits again. */
    static final class Counted implements ReadableByteChannel {
        final ReadableByteChannel in;
        volatile long bytes;

        Counted(ReadableByteChannel in) {
            this.in = in;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = in.read(dst);
            if (n > 0) {
                bytes += n;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private Counted in;
    private Thread readerThread;

    private CompletableFuture<byte[]> readOne(FrameReader reader) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        readerThread = Thread.ofVirtual().start(() -> {
            try {
                f.complete(reader.read());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private FrameReader reader(Framing framing, ReadTimeouts timeouts) {
        in = new Counted(pair.server());
        return new FrameReader(in, framing, timeouts.withTimers(clock));
    }

    /** The reader has taken {@code bytes} and is blocked waiting for more (its timer armed). */
    private void waitsAfter(long bytes) {
        until("the reader took " + bytes + " bytes and waits", () -> in.bytes == bytes
                && clock.pending() == 1 && readerThread.getState() == Thread.State.WAITING);
    }

    private void send(String s) throws IOException {
        pair.client().write(ByteBuffer.wrap(ascii(s)));
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            Object v = f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            return fail("expected a failure, read " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void aPeerSilentMidLineIsGivenUpAfterTheIdleTimeExactly() throws Exception {
        FrameReader reader = reader(LineFraming.of(1024), ReadTimeouts.idle(Duration.ofSeconds(30)));
        CompletableFuture<byte[]> line = readOne(reader);
        send("half a li");
        waitsAfter(9);
        clock.advance(Duration.ofSeconds(30).minusNanos(1));
        assertFalse(line.isDone(), "gave up early");
        clock.advance(Duration.ofNanos(1));
        Throwable t = failure(line);
        assertInstanceOf(SocketTimeoutException.class, t);
        assertTrue(t.getMessage().contains("no bytes for PT30S"), t.getMessage());
        assertFalse(pair.server().isOpen(), "the stream is closed");
        assertEquals(0, clock.pending(), "nothing left scheduled");
        assertThrows(IOException.class, () -> pair.client().write(ByteBuffer.wrap(ascii("rest\n"))),
                "the peer is cut off");
    }

    @Test
    void aPeerSilentMidLengthFieldFrameIsGivenUp() throws Exception {
        FrameReader reader = reader(LengthFieldFraming.of(1 << 20, 0, 4, 0, 4), ReadTimeouts.idle(Duration.ofSeconds(5)));
        CompletableFuture<byte[]> frame = readOne(reader);
        pair.client().write(ByteBuffer.wrap(new byte[] {0, 0, 0, 100, 1, 2, 3})); // 3 of 100 bytes
        waitsAfter(7);
        clock.advance(Duration.ofSeconds(5));
        assertInstanceOf(SocketTimeoutException.class, failure(frame));
        assertEquals(0, clock.pending());
    }

    @Test
    void theIdleTimeoutAlsoCoversSilenceBetweenFrames() throws Exception {
        FrameReader reader = reader(LineFraming.of(1024), ReadTimeouts.idle(Duration.ofSeconds(5)));
        send("one\n");
        assertEquals("one", text(reader.read()));
        CompletableFuture<byte[]> next = readOne(reader);
        waitsAfter(4);
        clock.advance(Duration.ofSeconds(5));
        assertInstanceOf(SocketTimeoutException.class, failure(next));
    }

    @Test
    void aSlowButLivePeerIsNotCutByThePerReadTimeout() throws Exception {
        FrameReader reader = reader(LineFraming.of(1024), ReadTimeouts.idle(Duration.ofSeconds(1)));
        CompletableFuture<byte[]> line = readOne(reader);
        String slow = "one byte every 100 ms, for far longer than the idle time\n";
        for (int i = 0; i < slow.length(); i++) {
            if (i > 0) {
                waitsAfter(i);
            }
            clock.advance(Duration.ofMillis(100));
            send(slow.substring(i, i + 1));
        }
        assertEquals(slow.strip(), text(line.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)));
        assertTrue(pair.server().isOpen());
    }

    @Test
    void thePerFrameDeadlineCutsASlowlorisPeer() throws Exception {
        FrameReader reader = reader(LineFraming.of(1024), ReadTimeouts.idle(Duration.ofSeconds(1)).withFrame(Duration.ofSeconds(2)));
        CompletableFuture<byte[]> line = readOne(reader);
        String slow = "one byte every 100 ms, for far longer than the frame deadline\n";
        int sent = 0;
        do {
            send(slow.substring(sent, sent + 1));
            sent++;
            waitsAfter(sent);
            clock.advance(Duration.ofMillis(100));
        } while (clock.pending() > 0 && sent < slow.length()); // an expired watch schedules nothing more
        Throwable t = failure(line);
        assertInstanceOf(SocketTimeoutException.class, t);
        assertTrue(t.getMessage().contains("frame not complete within PT2S"), t.getMessage());
        // The frame's time starts when the reader first waits for the rest, after the first byte.
        assertEquals(20, sent, "bytes sent before the cut: 2 s at one per 100 ms");
        assertEquals(0, clock.pending());
    }

    @Test
    void thePerFrameDeadlineAloneLetsAnIdlePeerWaitBetweenFrames() throws Exception {
        FrameReader reader = reader(LineFraming.of(1024), ReadTimeouts.frame(Duration.ofSeconds(2)));
        CompletableFuture<byte[]> line = readOne(reader);
        waitsAfter(0);
        clock.advance(Duration.ofHours(1));
        assertFalse(line.isDone(), "a peer idle between frames is not the frame deadline's business");
        send("x");
        waitsAfter(1);
        clock.advance(Duration.ofSeconds(2));
        assertInstanceOf(SocketTimeoutException.class, failure(line));
    }

    @Test
    void timeBetweenReadsCountsForNeither() throws Exception {
        FrameReader reader = reader(LineFraming.of(1024), ReadTimeouts.idle(Duration.ofSeconds(1)).withFrame(Duration.ofSeconds(1)));
        send("first\nsecond\nthi");
        assertEquals("first", text(reader.read()));
        clock.advance(Duration.ofHours(1)); // the caller is busy: the frames already in wait for it
        assertTrue(pair.server().isOpen());
        assertEquals("second", text(reader.read()));
        CompletableFuture<byte[]> third = readOne(reader);
        waitsAfter(16);
        clock.advance(Duration.ofMillis(999));
        send("rd\n");
        assertArrayEquals(ascii("third"), third.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void aReaderWhoseStreamIsClosedLeavesNothingScheduled() throws Exception {
        FrameReader reader = reader(LineFraming.of(1024), ReadTimeouts.idle(Duration.ofSeconds(1)));
        CompletableFuture<byte[]> line = readOne(reader);
        waitsAfter(0);
        pair.server().close(); // the owner closes, not the timeout
        Throwable t = failure(line);
        assertFalse(t instanceof SocketTimeoutException, "not a timeout: " + t);
        assertEquals(0, clock.pending());
    }

    @Test
    void anEndOfStreamBetweenFramesStopsTheTimer() throws Exception {
        FrameReader reader = reader(LineFraming.of(1024), ReadTimeouts.idle(Duration.ofSeconds(1)));
        send("last\n");
        pair.client().shutdownOutput();
        assertEquals("last", text(reader.read()));
        assertEquals(null, reader.read());
        assertEquals(0, clock.pending());
    }

    @Test
    void timeoutsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> ReadTimeouts.idle(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ReadTimeouts.frame(Duration.ofSeconds(-1)));
    }
}
