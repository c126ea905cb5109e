package io.throng.net;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
 * <p>Invariant: a buffer is owned by exactly one borrower between {@link #borrow} and {@link #release};
 * the pool keeps at most {@code retained} spare buffers and lets the garbage collector have the rest.
 */
public final class BufferPool {
    private final int bufferSize;
    private final AtomicReferenceArray<ByteBuffer> slots;
    /**
     * Where the next release starts looking for an empty slot; a borrow starts one below. A plain field on
     * purpose: a hint that may be stale or lose an update costs extra probes, while a volatile write would
     * cost a fence per borrow and release, as much as the lock it replaces.
     */
    private int top;

    public BufferPool(int bufferSize, int retained) {
        if (bufferSize <= 0 || retained < 0) {
            throw new IllegalArgumentException("bufferSize > 0 and retained >= 0 required");
        }
        this.bufferSize = bufferSize;
        this.slots = new AtomicReferenceArray<>(Math.max(1, retained));
    }

    /** The capacity of every buffer this pool hands out. */
    public int bufferSize() {
        return bufferSize;
    }

    /** A cleared buffer of {@link #bufferSize()} bytes, owned by the caller until released. */
    public ByteBuffer borrow() {
        int n = slots.length();
        int i = Math.floorMod(top - 1, n);
        for (int probes = 0; probes < n; probes++) {
            ByteBuffer b = slots.getAcquire(i);
            if (b != null && slots.compareAndSet(i, b, null)) {
                top = i;
                return b.clear();
            }
            i = i == 0 ? n - 1 : i - 1;
        }
        return ByteBuffer.allocateDirect(bufferSize);
    }

    /** Gives a buffer back; the caller must not touch it afterwards. Null is ignored. */
    public void release(ByteBuffer b) {
        if (b == null || b.capacity() != bufferSize || !b.isDirect()) {
            return;
        }
        b.clear();
        int n = slots.length();
        int i = Math.floorMod(top, n);
        for (int probes = 0; probes < n; probes++) {
            if (slots.getAcquire(i) == null && slots.compareAndSet(i, null, b)) {
                top = i + 1 == n ? 0 : i + 1;
                return;
            }
            i = i + 1 == n ? 0 : i + 1;
        }
        // Every slot is full: the garbage collector has this one.
    }
}
