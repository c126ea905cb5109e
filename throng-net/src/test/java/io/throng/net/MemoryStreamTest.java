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
}
