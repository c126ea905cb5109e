package io.throng.mongrel.zmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;

/**
 * {@link Outlet} on a stream whose every write is cut short at a random byte: the send buffer is "full"
 * in the middle of headers, bodies and batches, and often takes nothing at all. Every message must still
 * arrive once, whole, and in each sender's order, written by one thread at a time.
 */
class OutletPartialWritesTest {

    /** A stream that takes a random part of each write that must not wait, and the rest of a blocking one in pieces. */
    private static final class ChoppyStream extends WriteOnlyStream {
        private final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        private final AtomicBoolean inWrite = new AtomicBoolean();
        private final SplittableRandom random; // guarded by the one-writer invariant (checked by inWrite)
        final AtomicInteger partialWrites = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();

        ChoppyStream(long seed) {
            random = new SplittableRandom(seed);
        }

        @Override
        public int writeNow(ByteBuffer src) {
            enter();
            try {
                int n = random.nextInt(4) == 0 ? 0 : random.nextInt(src.remaining() + 1);
                if (n < src.remaining()) {
                    partialWrites.incrementAndGet();
                }
                take(src, n);
                return n;
            } finally {
                inWrite.set(false);
            }
        }

        /** Blocking: takes it all, as a blocking ByteStream does, but in random pieces. */
        @Override
        public int write(ByteBuffer src) {
            enter();
            try {
                int n = src.remaining();
                while (src.hasRemaining()) {
                    take(src, 1 + random.nextInt(src.remaining()));
                }
                return n;
            } finally {
                inWrite.set(false);
            }
        }

        private void enter() {
            if (!inWrite.compareAndSet(false, true)) {
                overlaps.incrementAndGet(); // two threads writing at once: the Outlet's invariant broken
            }
        }

        private synchronized void take(ByteBuffer src, int n) {
            taken.write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.position() + n);
            notifyAll();
        }

        /** What was written, once it is {@code n} bytes (or the time is up). */
        synchronized byte[] awaitBytes(long n, Duration limit) throws InterruptedException {
            long end = System.nanoTime() + limit.toNanos();
            while (taken.size() < n && System.nanoTime() < end) {
                wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            }
            return taken.toByteArray();
        }
    }

    private static int size(int i) {
        // Short and long headers, and now and then a message sent in a buffer of its own.
        return i % 97 == 96 ? 40_007 : i % 13 == 12 ? 300 + i % 50 : 8 + i % 50;
    }

    /** The bytes of messages {@code [from, to)} of one sender, and of its PONG at each 500th. */
    private static long bytes(int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n += Frame.headerLength(size(i)) + size(i) + (i % 500 == 0 ? PONG_BYTES : 0);
        }
        return n;
    }

    private static final int PONG_BYTES = Frame.command(Command.PONG, new byte[1]).remaining();

    @RepeatedTest(10)
    void everyMessageArrivesWholeOnceAndInEachSendersOrderThroughCutWrites() throws Exception {
        int senders = 6;
        int phases = 20;
        int perPhase = 500;
        int each = phases * perPhase;
        ChoppyStream stream = new ChoppyStream(System.nanoTime());
        Outlet outlet = new Outlet(stream, senders * each + 1, () -> { });
        byte[] written = null;
        // In phases: each begins on an idle connection, so senders write directly (and are cut short)
        // as well as queue behind one another's writes.
        for (int phase = 0; phase < phases; phase++) {
            int from = phase * perPhase;
            Thread[] threads = new Thread[senders];
            for (int s = 0; s < senders; s++) {
                int sender = s;
                threads[s] = Thread.ofVirtual().start(() -> {
                    for (int i = from; i < from + perPhase; i++) {
                        ByteBuffer m = ByteBuffer.allocate(size(i)).putInt(sender).putInt(i);
                        assertTrue(outlet.offer(m.array()), "sender " + sender + " message " + i + " refused");
                        if (i % 500 == 0) {
                            outlet.command(Frame.command(Command.PONG, new byte[] {(byte) sender}));
                        }
                    }
                });
            }
            for (Thread t : threads) {
                assertTrue(t.join(Duration.ofSeconds(30)));
            }
            long expected = senders * bytes(0, from + perPhase);
            written = stream.awaitBytes(expected, Duration.ofSeconds(10)); // the writer may still be at work
            assertEquals(expected, written.length, "bytes written by phase " + phase);
        }
        ByteBuffer all = ByteBuffer.wrap(written);
        FrameReader in = new FrameReader(dst -> {
            if (!all.hasRemaining()) {
                return -1;
            }
            int n = Math.min(dst.remaining(), all.remaining());
            dst.put(all.slice(all.position(), n));
            all.position(all.position() + n);
            return n;
        }, Long.MAX_VALUE, 64 * 1024);
        int[] next = new int[senders];
        int pongs = 0;
        for (int messages = 0; messages < senders * each; ) {
            Frame f = in.next();
            if (f.command()) {
                assertEquals(Command.PONG, Command.parse(f.body()).name());
                pongs++;
                continue;
            }
            ByteBuffer m = ByteBuffer.wrap(f.body());
            int sender = m.getInt();
            int i = m.getInt();
            assertEquals(next[sender], i, "sender " + sender + "'s messages in order");
            assertEquals(size(i), m.capacity(), "message " + i + " of sender " + sender + " whole");
            next[sender]++;
            messages++;
        }
        assertEquals(senders * (each / 500), pongs, "every command went out, whole");
        assertEquals(0, stream.overlaps.get(), "one thread wrote at a time");
        assertTrue(stream.partialWrites.get() >= phases / 2, "writes were cut short: " + stream.partialWrites.get());
    }
}
