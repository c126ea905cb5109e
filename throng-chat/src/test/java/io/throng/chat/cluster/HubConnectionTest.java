package io.throng.chat.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.throng.chat.service.ChatStats;
import io.throng.chat.service.Connection;
import io.throng.chat.service.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-connection reader that runs only while frames wait: order, one reader at a time, nothing stranded. */
class HubConnectionTest {

    /** Records frames; fails the test if two threads are ever inside receive at once. */
    static final class Recorder implements Connection {
        final List<String> got = new ArrayList<>();
        final AtomicInteger inside = new AtomicInteger();
        volatile int maxInside;
        final CountDownLatch all;
        final SplittableRandom random = new SplittableRandom(7);

        Recorder(int expected) {
            all = new CountDownLatch(expected);
        }

        @Override
        public void receive(String frame) {
            int n = inside.incrementAndGet();
            maxInside = Math.max(maxInside, n);
            if (random.nextInt(64) == 0) {
                Thread.yield(); // widen the window in which the socket thread queues behind a running reader
            }
            got.add(frame); // unsynchronised on purpose: a second reader would show as a lost or reordered frame
            inside.decrementAndGet();
            all.countDown();
        }

        @Override
        public Outbox outbox() {
            return new Outbox(4, 1024, new ChatStats());
        }

        @Override
        public void close() {}
    }

    @Test
    void burstsWithPausesArriveInOrderThroughOneReaderAtATime() throws Exception {
        int frames = 200_000;
        Recorder conn = new Recorder(frames);
        HubConnection hc = new HubConnection("w", "c", conn);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < frames; ) {
            int burst = 1 + random.nextInt(5);
            for (int k = 0; k < burst && i < frames; k++, i++) {
                hc.deliver(Integer.toString(i));
            }
            // Between bursts the reader often empties the queue and ends: the next frame must start
            // a new one, or find the old one still running, and never be left behind.
            for (int spin = random.nextInt(200); spin > 0; spin--) {
                Thread.onSpinWait();
            }
        }
        assertTrue(conn.all.await(30, TimeUnit.SECONDS),
                "every frame reached receive: " + (frames - conn.all.getCount()) + " of " + frames);
        assertEquals(1, conn.maxInside, "one reader at a time");
        for (int i = 0; i < frames; i++) {
            assertEquals(Integer.toString(i), conn.got.get(i), "frame " + i + " in arrival order");
        }
    }

    @Test
    void aReaderThatThrowsClosesItsConnectionAndKeepsTakingFrames() throws Exception {
        int frames = HubConnection.INBOUND * 4; // more than the queue holds: a stopped reader would leave deliver waiting
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch taken = new CountDownLatch(frames);
        Connection faulty = new Connection() {
            @Override
            public void receive(String frame) {
                taken.countDown();
                if (frame.equals("0")) {
                    throw new IllegalStateException("a bug (expected in this test's log)");
                }
            }

            @Override
            public Outbox outbox() {
                return null;
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        HubConnection hc = new HubConnection("w", "c", faulty);
        for (int i = 0; i < frames; i++) {
            hc.deliver(Integer.toString(i));
        }
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the connection was closed");
        assertTrue(taken.await(10, TimeUnit.SECONDS), "every frame after the failure was taken");
    }
}
