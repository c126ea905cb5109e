package io.throng.chaos;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes between a pipe's reader and its writer, bounded in bytes: when {@code capacity} bytes wait,
 * the reader stops reading, the kernel's buffers fill and the sender is slowed (backpressure, never
 * unbounded buffering). The writer waits for a chunk, a kick (the toxics changed) or a deadline.
 */
final class ChunkQueue {
    /** Bytes read at {@code readAt} (System.nanoTime); null data is the end of the stream. */
    record Chunk(byte[] data, long readAt) {
        boolean end() {
            return data == null;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final long capacity;
    private long bytes;
    private long kicks;
    private boolean closed;
    /** The writer took a chunk and has not finished with it: the queue is not idle yet. */
    private boolean held;

    ChunkQueue(long capacity) {
        this.capacity = capacity;
    }

    /** Adds a chunk, waiting while the queue is full; false if the queue was closed. */
    boolean put(Chunk c) throws InterruptedException {
        lock.lock();
        try {
            // One chunk may go past the capacity, so that any chunk fits an empty queue.
            while (bytes >= capacity && !closed) {
                changed.await();
            }
            if (closed) {
                return false;
            }
            chunks.add(c);
            bytes += c.end() ? 0 : c.data().length;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** How many kicks so far: a writer passes it to {@link #await} to notice a kick it has not seen. */
    long kicks() {
        lock.lock();
        try {
            return kicks;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a chunk waits, the queue was kicked since {@code seen}, it closed, or {@code deadline}
     * (System.nanoTime; Long.MAX_VALUE for none) passed. Returns the first chunk without taking it, or null.
     */
    Chunk await(long seen, long deadline) throws InterruptedException {
        lock.lock();
        try {
            while (chunks.isEmpty() && kicks == seen && !closed) {
                if (deadline == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    changed.awaitNanos(left);
                }
            }
            return chunks.peek();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the first chunk (the one {@link #await} returned); the writer holds it until {@link #done},
     * so the queue is not {@link #awaitIdle idle} while the chunk is being written.
     */
    void take() {
        lock.lock();
        try {
            Chunk c = chunks.poll();
            if (c != null && !c.end()) {
                bytes -= c.data().length;
            }
            held = c != null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The writer is finished with the chunk it took: written, dropped, or its connection closing. */
    void done() {
        lock.lock();
        try {
            held = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no chunk waits and the writer holds none (true: the reader may write to the sink
     * itself without overtaking a queued byte), or until a kick since {@code seen} or the close (false:
     * look at the toxics again).
     */
    boolean awaitIdle(long seen) throws InterruptedException {
        lock.lock();
        try {
            while (!chunks.isEmpty() || held) {
                if (kicks != seen || closed) {
                    return false;
                }
                changed.await();
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    void kick() {
        lock.lock();
        try {
            kicks++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes waiting now. */
    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }
}
