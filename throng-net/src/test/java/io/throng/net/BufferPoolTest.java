package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The pool's invariant: one owner per buffer between borrow and release, and at most {@code retained} kept. */
class BufferPoolTest {

    /**
     * Platform threads (real parallelism, no carrier hand-offs to hide a race) borrow and release as fast as
     * they can; each borrowed buffer is entered in a set of owned buffers, which fails if another thread
     * owns it already. A take that is not a single compare-and-set per slot hands one buffer to two threads.
     */
    @Test
    void noBufferIsEverOwnedTwice() throws Exception {
        BufferPool pool = new BufferPool(64, 8); // few slots, so threads meet on them
        Set<Same> owned = ConcurrentHashMap.newKeySet();
        AtomicReference<String> failure = new AtomicReference<>();
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    ByteBuffer[] held = new ByteBuffer[3];
                    for (int round = 0; round < 200_000 && failure.get() == null; round++) {
                        int k = 1 + round % held.length; // hold one to three at a time, like in and out of a request
                        for (int j = 0; j < k; j++) {
                            held[j] = pool.borrow();
                            if (!owned.add(new Same(held[j]))) {
                                failure.set("a buffer was handed to two borrowers at once");
                            }
                            held[j].putInt(0, j); // a borrower writes into what it owns
                        }
                        for (int j = 0; j < k; j++) {
                            owned.remove(new Same(held[j]));
                            pool.release(held[j]);
                        }
                    }
                } catch (Exception e) {
                    failure.set(e.toString());
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(null, failure.get());
    }

    /** A buffer compared by identity: ByteBuffer.equals compares content, and pooled buffers look alike. */
    private static final class Same {
        private final ByteBuffer b;

        Same(ByteBuffer b) {
            this.b = b;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Same s && s.b == b;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(b);
        }
    }

    @Test
    void keepsAtMostRetainedAndHandsThemOutAgain() {
        BufferPool pool = new BufferPool(32, 3);
        List<ByteBuffer> first = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(pool.borrow());
        }
        first.forEach(pool::release);
        Set<ByteBuffer> again = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 5; i++) {
            ByteBuffer b = pool.borrow();
            assertEquals(32, b.capacity());
            assertEquals(0, b.position());
            assertEquals(32, b.limit());
            again.add(b);
        }
        Set<ByteBuffer> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(first);
        kept.retainAll(again);
        assertEquals(3, kept.size(), "exactly the retained number of buffers came back from the pool");
    }

    @Test
    void refusesBuffersItDidNotMake() {
        BufferPool pool = new BufferPool(16, 4);
        ByteBuffer heap = ByteBuffer.allocate(16);
        ByteBuffer wrongSize = ByteBuffer.allocateDirect(8);
        pool.release(heap);
        pool.release(wrongSize);
        pool.release(null);
        for (int i = 0; i < 4; i++) {
            ByteBuffer b = pool.borrow();
            assertTrue(b.isDirect());
            assertEquals(16, b.capacity());
            assertNotSame(heap, b);
        }
    }
}
