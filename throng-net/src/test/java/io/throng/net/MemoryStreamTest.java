package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The in-memory ByteStream pair behaves as a socket where a protocol can tell. */
class MemoryStreamTest {

    private static final long PATIENCE = 60;

    /** Runs {@code c} on a virtual thread; {@code thread} is set to it before it starts. */
    private static CompletableFuture<Object> async(AtomicReference<Thread> thread, java.util.concurrent.Callable<?> c) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        thread.set(Thread.ofVirtual().unstarted(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        }));
        thread.get().start();
        return f;
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            Object v = f.get(PATIENCE, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + v);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    /** Waits until {@code t} is parked (blocked in the stream), without sleeping as synchronisation. */
    private static void awaitBlocked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE);
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "never blocked: " + t.getState());
            Thread.yield();
        }
    }

    @Test
    void aWriterBlocksWhileItsPeerDoesNotReadAndResumesWhenItDoes() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(16)) {
            AtomicReference<Thread> writer = new AtomicReference<>();
            CompletableFuture<Object> wrote = async(writer, () -> p.client().write(ByteBuffer.wrap(new byte[40])));
            awaitBlocked(writer.get());
            assertFalse(wrote.isDone(), "40 bytes do not fit 16 unread");
            ByteBuffer dst = ByteBuffer.allocate(100);
            int got = 0;
            while (got < 40) {
                got += p.server().read(dst);
            }
            assertEquals(40, wrote.get(PATIENCE, TimeUnit.SECONDS));
            assertEquals(40, got);
        }
    }

    @Test
    void closingEndsABlockedReadAndThePeerSeesEndOfStreamThenAReset() throws Exception {
        MemoryStream.Pair p = MemoryStream.pair();
        AtomicReference<Thread> reader = new AtomicReference<>();
        CompletableFuture<Object> read = async(reader, () -> p.server().read(ByteBuffer.allocate(10)));
        awaitBlocked(reader.get());
        p.server().close();
        assertInstanceOf(AsynchronousCloseException.class, failure(read));
        assertEquals(-1, p.client().read(ByteBuffer.allocate(10)), "the peer reads end of stream");
        IOException reset = assertThrows(IOException.class, () -> p.client().write(ByteBuffer.wrap(new byte[1])));
        assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
        assertFalse(p.server().isOpen());
    }

    @Test
    void shutdownOutputDeliversWhatWasWrittenThenEndOfStreamAndTheOtherWayStillWorks() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            p.client().write(ByteBuffer.wrap("bye".getBytes()));
            p.client().shutdownOutput();
            ByteBuffer dst = ByteBuffer.allocate(10);
            assertEquals(3, p.server().read(dst));
            assertEquals(-1, p.server().read(dst));
            assertThrows(IOException.class, () -> p.client().write(ByteBuffer.wrap(new byte[1])));
            p.server().write(ByteBuffer.wrap("ok".getBytes()));
            assertEquals(2, p.client().read(ByteBuffer.allocate(10)));
        }
    }

    @Test
    void gatheringWritesKeepOrderAcrossTheRingsWrap() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(7)) {
            byte[] all = new byte[1000];
            new java.util.Random(1).nextBytes(all);
            CompletableFuture<Object> wrote = async(new AtomicReference<>(), () -> p.client().write(new ByteBuffer[] {
                    ByteBuffer.wrap(all, 0, 300), ByteBuffer.wrap(all, 300, 700)}));
            ByteBuffer dst = ByteBuffer.allocate(1000);
            while (dst.hasRemaining()) {
                ByteBuffer chunk = ByteBuffer.allocate(5); // reads smaller than the ring: the head wraps
                assertTrue(p.server().read(chunk) > 0);
                dst.put(chunk.flip());
            }
            assertEquals(1000L, wrote.get(PATIENCE, TimeUnit.SECONDS));
            assertEquals(ByteBuffer.wrap(all), dst.flip());
        }
    }

    @Test
    void exactlyTheCapacityFitsWithoutBlockingAndOneByteMoreWaitsForTheReader() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(16)) {
            assertEquals(16, p.client().write(ByteBuffer.wrap(new byte[16])), "a full ring's worth goes in at once");
            AtomicReference<Thread> writer = new AtomicReference<>();
            CompletableFuture<Object> one = async(writer, () -> p.client().write(ByteBuffer.wrap(new byte[] {7})));
            awaitBlocked(writer.get());
            assertFalse(one.isDone(), "the 17th byte has no room");
            ByteBuffer first = ByteBuffer.allocate(1);
            assertEquals(1, p.server().read(first));
            assertEquals(1, one.get(PATIENCE, TimeUnit.SECONDS), "one byte read makes room for one");
            ByteBuffer rest = ByteBuffer.allocate(32);
            while (rest.position() < 16) {
                p.server().read(rest);
            }
            assertEquals(7, rest.get(15), "the late byte comes last");
        }
    }

    @Test
    void closingThePeerWhileThisEndBlocksInWriteFailsTheWriteAsAReset() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(16)) {
            AtomicReference<Thread> writer = new AtomicReference<>();
            CompletableFuture<Object> wrote = async(writer, () -> p.client().write(ByteBuffer.wrap(new byte[40])));
            awaitBlocked(writer.get());
            p.server().close();
            Throwable reset = failure(wrote);
            assertInstanceOf(IOException.class, reset);
            assertFalse(reset instanceof java.nio.channels.ClosedChannelException, "this end is open: " + reset);
            assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
            assertTrue(p.client().isOpen());
        }
    }

    @Test
    void closingThisEndWhileItsOwnWriteBlocksEndsTheWriteAsAnAsynchronousClose() throws Exception {
        // The hostile case: the ring is already full, so the blocked write has passed on no byte yet.
        MemoryStream.Pair p = MemoryStream.pair(16);
        p.client().write(ByteBuffer.wrap(new byte[16]));
        AtomicReference<Thread> writer = new AtomicReference<>();
        CompletableFuture<Object> wrote = async(writer, () -> p.client().write(ByteBuffer.wrap(new byte[8])));
        awaitBlocked(writer.get());
        p.client().close();
        assertInstanceOf(AsynchronousCloseException.class, failure(wrote));
        ByteBuffer got = ByteBuffer.allocate(64);
        int n;
        while ((n = p.server().read(got)) > 0) {
            assertTrue(got.position() <= 16, "bytes of the failed write arrived");
        }
        assertEquals(-1, n);
        assertEquals(16, got.position(), "what was written before the close still arrives");
        p.server().close();
    }

    @Test
    void closingThePeerWhileThisEndBlocksInReadDeliversWhatItWroteThenEndOfStream() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            AtomicReference<Thread> reader = new AtomicReference<>();
            ByteBuffer dst = ByteBuffer.allocate(10);
            CompletableFuture<Object> read = async(reader, () -> p.client().read(dst));
            awaitBlocked(reader.get());
            p.server().write(ByteBuffer.wrap("last".getBytes()));
            p.server().close();
            int first = (Integer) read.get(PATIENCE, TimeUnit.SECONDS);
            while (dst.position() < 4) {
                assertTrue(p.client().read(dst) > 0, "end of stream before the peer's last bytes");
            }
            assertTrue(first > 0);
            assertEquals("last", new String(dst.array(), 0, 4));
            assertEquals(-1, p.client().read(dst.clear()));
            assertTrue(p.client().isOpen(), "the peer's close does not close this end");
        }
    }

    @Test
    void anEndClosedBeforeTheCallFailsWithClosedChannelNotAsynchronousClose() throws Exception {
        MemoryStream.Pair p = MemoryStream.pair();
        p.client().close();
        assertEquals(java.nio.channels.ClosedChannelException.class,
                assertThrows(IOException.class, () -> p.client().read(ByteBuffer.allocate(4))).getClass());
        assertEquals(java.nio.channels.ClosedChannelException.class,
                assertThrows(IOException.class, () -> p.client().write(ByteBuffer.wrap(new byte[4]))).getClass());
        assertThrows(java.nio.channels.ClosedChannelException.class, () -> p.client().write(ByteBuffer.allocate(0)),
                "even a write of nothing: a closed channel says so");
        p.server().close();
    }

    @Test
    void halfCloseWakesABlockedReaderAndTheOtherDirectionLivesOn() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            AtomicReference<Thread> reader = new AtomicReference<>();
            CompletableFuture<Object> read = async(reader, () -> p.server().read(ByteBuffer.allocate(10)));
            awaitBlocked(reader.get());
            p.client().shutdownOutput();
            assertEquals(-1, read.get(PATIENCE, TimeUnit.SECONDS), "the blocked reader sees end of stream");
            assertTrue(p.client().isOpen() && p.server().isOpen(), "a half-close closes neither end");
            p.server().write(ByteBuffer.wrap("still".getBytes()));
            p.server().shutdownOutput();
            ByteBuffer back = ByteBuffer.allocate(10);
            while (back.position() < 5) {
                assertTrue(p.client().read(back) > 0);
            }
            assertEquals(-1, p.client().read(back), "both halves shut: end of stream both ways");
            assertEquals(-1, p.server().read(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void shuttingOutputWhileItsWriterBlocksFailsTheWriteAndKeepsWhatWentIn() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(16)) {
            AtomicReference<Thread> writer = new AtomicReference<>();
            CompletableFuture<Object> wrote = async(writer, () -> p.client().write(ByteBuffer.wrap(new byte[40])));
            awaitBlocked(writer.get());
            p.client().shutdownOutput();
            assertInstanceOf(IOException.class, failure(wrote));
            ByteBuffer got = ByteBuffer.allocate(64);
            int n;
            while ((n = p.server().read(got)) > 0) {
                // drain
            }
            assertEquals(-1, n);
            assertEquals(16, got.position(), "the 16 bytes that went in before the shutdown arrive, then end of stream");
        }
    }

    @Test
    void anInterruptedReadThrowsKeepsTheFlagAndLosesNothing() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair()) {
            AtomicReference<Thread> reader = new AtomicReference<>();
            CompletableFuture<Object> read = async(reader, () -> {
                try {
                    return p.server().read(ByteBuffer.allocate(10));
                } finally {
                    if (!Thread.currentThread().isInterrupted()) {
                        throw new AssertionError("the interrupt status was cleared");
                    }
                }
            });
            awaitBlocked(reader.get());
            reader.get().interrupt();
            assertInstanceOf(java.io.InterruptedIOException.class, failure(read));
            assertTrue(p.server().isOpen(), "an interrupt is not a close");
            p.client().write(ByteBuffer.wrap("after".getBytes()));
            ByteBuffer dst = ByteBuffer.allocate(10);
            while (dst.position() < 5) {
                assertTrue(p.server().read(dst) > 0);
            }
            assertEquals("after", new String(dst.array(), 0, 5));
        }
    }

    @Test
    void anInterruptedWriteSaysHowManyBytesWentInAndThePeerGetsExactlyThose() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(16)) {
            byte[] data = new byte[40];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) i;
            }
            AtomicReference<Thread> writer = new AtomicReference<>();
            CompletableFuture<Object> wrote = async(writer, () -> p.client().write(ByteBuffer.wrap(data)));
            awaitBlocked(writer.get()); // 16 in, 24 waiting for room
            writer.get().interrupt();
            java.io.InterruptedIOException e = assertInstanceOf(java.io.InterruptedIOException.class, failure(wrote));
            assertEquals(16, e.bytesTransferred, "the caller must know what the peer will read");
            p.client().shutdownOutput();
            ByteBuffer got = ByteBuffer.allocate(64);
            while (p.server().read(got) > 0) {
                // drain
            }
            assertEquals(ByteBuffer.wrap(data, 0, 16), got.flip());
        }
    }
}
