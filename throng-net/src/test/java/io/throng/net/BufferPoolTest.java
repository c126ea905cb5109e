package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's invariant: one owner per buffer between borrow and release, and at most {@code retained} kept. */
class BufferPoolTest {

    /**
     * Platform threads (real parallelism, no carrier hand-offs to hide a race) borrow and release as fast as
     * they can; each borrowed buffer is entered in a set of owned buffers, which fails if another thread
     * owns it already. A take that is not a single compare-and-set per slot hands one buffer to two threads.
     */
    @Test
    @Timeout(60)
    void noBufferIsEverOwnedTwice() throws Exception {
        BufferPool pool = new BufferPool(64, 8); // few slots, so threads meet on them
        assertNull(hammer(pool, 4, 200_000, 3, ConcurrentHashMap.newKeySet()));
    }

    /**
     * {@code threads} platform threads (real parallelism, no carrier hand-offs to hide a race) each borrow
     * one to {@code maxHeld} buffers at a time and release them, {@code rounds} times, as fast as they can;
     * each borrowed buffer is entered in a set of owned buffers, which fails if another thread owns it
     * already (a take that is not a single compare-and-set per slot hands one buffer to two threads), and
     * in {@code seen}. Returns what went wrong, or null.
     */
    private static String hammer(BufferPool pool, int threads, int rounds, int maxHeld, Set<Same> seen)
            throws InterruptedException {
        Set<Same> owned = ConcurrentHashMap.newKeySet();
        AtomicReference<String> failure = new AtomicReference<>();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            // Daemons: one stuck looking for a buffer that is not there must not keep the JVM alive.
            ts.add(Thread.ofPlatform().daemon().start(() -> {
                try {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    ByteBuffer[] held = new ByteBuffer[maxHeld];
                    for (int round = 0; round < rounds && failure.get() == null; round++) {
                        int k = 1 + random.nextInt(maxHeld); // like the buffers in and out of a request
                        for (int j = 0; j < k; j++) {
                            held[j] = pool.borrow();
                            seen.add(new Same(held[j]));
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
            t.join(TimeUnit.SECONDS.toMillis(20));
            if (t.isAlive()) {
                return "a thread did not finish: stuck looking for a buffer or a slot";
            }
        }
        return failure.get();
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

    /**
     * Eight threads each hold up to five buffers of a pool that keeps four, so the pool is empty at most
     * borrows and full at most releases, and the claims on its counts race all the time. No buffer may be
     * owned twice, and none may be lost: once every thread has given back all it held, the pool must hold
     * exactly the four it keeps (a count that drifted would leave a buffer unreachable, or let a borrow look
     * for one that is not there, which never ends: the thread that does not finish).
     */
    @Test
    @Timeout(60)
    void underPressureNoBufferIsOwnedTwiceAndTheFullPoolComesBackWhole() throws Exception {
        int retained = 4;
        BufferPool pool = new BufferPool(64, retained);
        Set<Same> seen = ConcurrentHashMap.newKeySet();
        assertNull(hammer(pool, 8, 50_000, 5, seen));
        assertEquals(retained, pool.spare(), "the pool is full: as many spare as it keeps");
        Set<Same> back = new HashSet<>();
        for (int i = 0; i < retained; i++) {
            Same b = new Same(pool.borrow());
            assertTrue(seen.contains(b), "a buffer the pool kept, not a new one");
            back.add(b);
        }
        assertEquals(retained, back.size(), "as many different buffers as it keeps");
        assertFalse(seen.contains(new Same(pool.borrow())), "and then, empty, a new one");
    }

    /**
     * Exhaustion costs no search: a borrow from an empty pool and a release into a full one look at no slot
     * (the pool keeps 1,024, as the HTTP server's does); a borrow or release in between looks at one.
     */
    @Test
    void anEmptyPoolsBorrowAndAFullPoolsReleaseLookAtNoSlot() {
        int retained = 1024;
        AtomicInteger probes = new AtomicInteger();
        BufferPool pool = new BufferPool(16, retained, i -> probes.incrementAndGet());
        pool.borrow();
        assertEquals(0, probes.get(), "an empty pool's borrow");
        List<ByteBuffer> all = new ArrayList<>();
        for (int i = 0; i < retained + 1; i++) {
            all.add(ByteBuffer.allocateDirect(16));
        }
        for (int i = 0; i < retained; i++) {
            probes.set(0);
            pool.release(all.get(i));
            assertEquals(1, probes.get(), "release " + i + " into a pool with room");
        }
        probes.set(0);
        pool.release(all.get(retained));
        assertEquals(0, probes.get(), "a full pool's release");
        for (int i = 0; i < retained; i++) {
            probes.set(0);
            pool.borrow();
            assertEquals(1, probes.get(), "borrow " + i + " from a pool with spares");
        }
        probes.set(0);
        pool.borrow();
        assertEquals(0, probes.get(), "the pool emptied again: its borrow");
    }

    @Test
    void aPoolThatKeepsNoneKeepsNone() {
        BufferPool pool = new BufferPool(16, 0);
        ByteBuffer b = pool.borrow();
        pool.release(b);
        assertNotSame(b, pool.borrow());
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
