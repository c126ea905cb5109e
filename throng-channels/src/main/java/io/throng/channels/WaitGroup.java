package io.throng.channels;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code sync.WaitGroup}: {@link #add} before starting tasks, {@link #done} as each finishes,
 * {@link #await} until the count is zero. The count going negative is a bug and throws.
 */
public final class WaitGroup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition zero = lock.newCondition();
    private long count;

    /** Adds {@code delta} (may be negative) to the count; waiters are released when it reaches zero. */
    public void add(int delta) {
        lock.lock();
        try {
            long next = count + delta;
            if (next < 0) {
                throw new IllegalStateException("negative WaitGroup counter: " + next);
            }
            count = next;
            if (next == 0) {
                zero.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** One task finished: {@code add(-1)}. */
    public void done() {
        add(-1);
    }

    /** Waits until the count is zero. */
    public void await() throws InterruptedException {
        lock.lock();
        try {
            while (count > 0) {
                zero.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits at most {@code timeout} for the count to reach zero; true if it did. */
    public boolean await(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (count > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = zero.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Starts {@code task} on a virtual thread, counted in this group until it returns or throws. */
    public Thread go(Runnable task) {
        add(1);
        return Thread.startVirtualThread(() -> {
            try {
                task.run();
            } finally {
                done();
            }
        });
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "WaitGroup[" + count + "]";
        } finally {
            lock.unlock();
        }
    }
}
