package io.throng.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

/**
 * A shared pool of direct buffers of one size, borrowed while bytes are being parsed or written and
 * returned before a connection goes idle. Not keyed by thread: virtual threads are many and short-lived,
 * so a per-thread cache would hold one buffer per thread that ever ran.
 *
 * <p>Lock-free: the spare buffers sit in a fixed array of slots, each taken and filled with one
 * compare-and-set. A busy HTTP connection borrows and returns two buffers per request, from every
 * carrier at once; a lock there (the {@code ArrayBlockingQueue} this replaced) can make a virtual thread
 * that lost the race park, which costs a stack freeze and a resubmission. A shared hint of where the
 * last buffer went in makes the slots a stack in the common case, so a borrow usually probes one slot;
 * the hint is only where the search starts, and every take is its slot's compare-and-set, so a stale
 * hint costs probes, never a buffer handed out twice.
 *
 * <p>Exhaustion costs one counter, not a scan: a pool under pressure is empty at a borrow or full at a
 * release, and a search of every slot there would be O(retained) exactly when the carriers are busiest.
 * So a borrow first claims one of the {@code spare} buffers (a compare-and-set that refuses at zero: then
 * it allocates and touches no slot), and a release first claims one of the {@code room} empty slots
 * (refused at zero: the buffer is dropped). A claim guarantees its slot: a releaser counts a buffer as
 * spare only after its slot holds it, and a borrower counts a slot as room only after emptying it, so
 * filled slots always number at least {@code spare} plus the borrowers holding a claim (likewise empty
 * slots and {@code room}), and a claimant's search ends as soon as it meets one, usually at the first.
 *
 * <p>Invariant: a buffer is owned by exactly one borrower between {@link #borrow} and {@link #release};
 * the pool keeps at most {@code retained} spare buffers and lets the garbage collector have the rest (the
 * drop rule: a buffer released while {@code retained} are spare is dropped; no other is lost).
 */
public final class BufferPool {
    private final int bufferSize;
    private final AtomicReferenceArray<ByteBuffer> slots;
    /**
     * Where the next release starts looking for an empty slot; a borrow starts one below. A plain field on
     * purpose: a hint that may be stale or lose an update costs extra probes, while a volatile write would
     * cost a fence per borrow and release.
     */
    private int top;
    /** Buffers in slots that no borrower has claimed yet. */
    private volatile int spare;
    /** Empty slots that no releaser has claimed yet. */
    private volatile int room;
    /** Tests only (null in production): told each slot a borrow or release looks at. */
    private final IntConsumer probed;

    public BufferPool(int bufferSize, int retained) {
        this(bufferSize, retained, null);
    }

    BufferPool(int bufferSize, int retained, IntConsumer probed) {
        if (bufferSize <= 0 || retained < 0) {
            throw new IllegalArgumentException("bufferSize > 0 and retained >= 0 required");
        }
        this.bufferSize = bufferSize;
        this.slots = new AtomicReferenceArray<>(Math.max(1, retained));
        this.room = retained;
        this.probed = probed;
    }

    /** The capacity of every buffer this pool hands out. */
    public int bufferSize() {
        return bufferSize;
    }

    /** A cleared buffer of {@link #bufferSize()} bytes, owned by the caller until released. */
    public ByteBuffer borrow() {
        if (!claim(SPARE)) {
            return ByteBuffer.allocateDirect(bufferSize);
        }
        int n = slots.length();
        int i = Math.floorMod(top - 1, n);
        while (true) { // ends: a filled slot is there for this claim; others' takes only move it on
            if (probed != null) {
                probed.accept(i);
            }
            ByteBuffer b = slots.getAcquire(i);
            if (b != null && slots.compareAndSet(i, b, null)) {
                top = i;
                ROOM.getAndAdd(this, 1); // after the slot is empty: see the class comment
                return b.clear();
            }
            i = i == 0 ? n - 1 : i - 1;
        }
    }

    /** Gives a buffer back; the caller must not touch it afterwards. Null is ignored. */
    public void release(ByteBuffer b) {
        if (b == null || b.capacity() != bufferSize || !b.isDirect()) {
            return;
        }
        if (!claim(ROOM)) {
            return; // retained buffers are spare already: the garbage collector has this one
        }
        b.clear();
        int n = slots.length();
        int i = Math.floorMod(top, n);
        while (true) { // ends: an empty slot is there for this claim; others' fills only move it on
            if (probed != null) {
                probed.accept(i);
            }
            if (slots.getAcquire(i) == null && slots.compareAndSet(i, null, b)) {
                top = i + 1 == n ? 0 : i + 1;
                SPARE.getAndAdd(this, 1); // after the slot holds it: see the class comment
                return;
            }
            i = i + 1 == n ? 0 : i + 1;
        }
    }

    /** Takes one from the count {@code count} unless it is zero; true if it did. */
    private boolean claim(VarHandle count) {
        int c = (int) count.getVolatile(this);
        while (c > 0) {
            int witness = (int) count.compareAndExchange(this, c, c - 1);
            if (witness == c) {
                return true;
            }
            c = witness;
        }
        return false;
    }

    /** Buffers spare now, for tests: exact only when no borrow or release is under way. */
    int spare() {
        return spare;
    }

    private static final VarHandle SPARE, ROOM;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SPARE = lookup.findVarHandle(BufferPool.class, "spare", int.class);
            ROOM = lookup.findVarHandle(BufferPool.class, "room", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
