package io.throng.net;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A shared pool of direct buffers of one size, borrowed while bytes are being parsed or written and
 * returned before a connection goes idle. Not keyed by thread: virtual threads are many and short-lived,
 * so a per-thread cache would hold one buffer per thread that ever ran.
 *
 * <p>Invariant: a buffer is owned by exactly one borrower between {@link #borrow} and {@link #release};
 * the pool keeps at most {@code retained} spare buffers and lets the garbage collector have the rest.
 */
public final class BufferPool {
    private final int bufferSize;
    private final ArrayBlockingQueue<ByteBuffer> spare;

    public BufferPool(int bufferSize, int retained) {
        if (bufferSize <= 0 || retained < 0) {
            throw new IllegalArgumentException("bufferSize > 0 and retained >= 0 required");
        }
        this.bufferSize = bufferSize;
        this.spare = new ArrayBlockingQueue<>(Math.max(1, retained));
    }

    /** The capacity of every buffer this pool hands out. */
    public int bufferSize() {
        return bufferSize;
    }

    /** A cleared buffer of {@link #bufferSize()} bytes, owned by the caller until released. */
    public ByteBuffer borrow() {
        ByteBuffer b = spare.poll();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(bufferSize);
    }

    /** Gives a buffer back; the caller must not touch it afterwards. Null is ignored. */
    public void release(ByteBuffer b) {
        if (b != null && b.capacity() == bufferSize && b.isDirect()) {
            spare.offer(b.clear());
        }
    }
}
