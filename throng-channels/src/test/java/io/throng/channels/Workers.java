package io.throng.channels;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Test threads that report their failures: a worker that throws (an assertion, an unexpected
 * exception) is recorded, and {@link #join} fails the test with it. {@link #join} has a deadline, so a
 * lost wake-up shows as a failure naming the stuck threads instead of a hung build. Closing interrupts
 * whatever is left, so one failed test does not leave blocked threads behind for the next.
 */
final class Workers implements AutoCloseable {
    /** A task body that may block and throw. */
    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean closing;

    /** True once {@link #close} began: workers that retry on interrupt must stop then. */
    boolean closing() {
        return closing;
    }

    /** Starts {@code task} on a virtual thread. */
    Thread virtual(Task task) {
        return start(Thread.ofVirtual().unstarted(wrap(task)));
    }

    /** Starts {@code task} on a platform thread (daemon, so a stuck one cannot keep the JVM alive). */
    Thread platform(Task task) {
        return start(Thread.ofPlatform().daemon().unstarted(wrap(task)));
    }

    private Thread start(Thread t) {
        threads.add(t);
        t.start();
        return t;
    }

    private Runnable wrap(Task task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        };
    }

    /**
     * Waits for every worker, at most {@code timeout} in all; fails on a stuck or failed worker. A
     * worker counts as stuck only if its own join said so, so a thread that ends between two checks is
     * never reported half-stuck.
     */
    void join(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> stuck = new ArrayList<>();
        for (Thread t : threads) {
            long left = Math.max(1, deadline - System.nanoTime());
            if (!t.join(Duration.ofNanos(left))) {
                stuck.add(t);
            }
        }
        rethrow();
        if (!stuck.isEmpty()) {
            Thread first = stuck.getFirst();
            AssertionError e = new AssertionError(stuck.size() + " of " + threads.size()
                    + " workers still running after " + timeout + " (lost wake-up?); first: " + first);
            e.setStackTrace(first.getStackTrace());
            throw e;
        }
    }

    /**
     * Waits for every worker for as long as {@code progress} keeps moving; fails once it has not moved
     * for {@code stall}, naming every stuck worker. For long hand-off loops on a loaded machine, where a
     * fixed deadline cannot tell a lost wake-up (progress stops for good) from a slow run (it crawls).
     */
    void joinWhileMoving(LongSupplier progress, Duration stall) throws InterruptedException {
        long seen = progress.getAsLong();
        long movedAt = System.nanoTime();
        for (Thread t : threads) {
            while (!t.join(Duration.ofMillis(100))) {
                long now = progress.getAsLong();
                if (now != seen) {
                    seen = now;
                    movedAt = System.nanoTime();
                } else if (System.nanoTime() - movedAt > stall.toNanos()) {
                    rethrow();
                    List<Thread> stuck = threads.stream().filter(Thread::isAlive).toList();
                    AssertionError e = new AssertionError(stuck.size() + " of " + threads.size()
                            + " workers made no progress for " + stall + " at " + seen + " (lost wake-up?): " + stuck);
                    for (Thread s : stuck.subList(1, stuck.size())) {
                        AssertionError other = new AssertionError("also stuck: " + s);
                        other.setStackTrace(s.getStackTrace());
                        e.addSuppressed(other);
                    }
                    e.setStackTrace(stuck.getFirst().getStackTrace());
                    throw e;
                }
            }
        }
        rethrow();
    }

    /** Fails with the first recorded worker failure, if any. */
    void rethrow() {
        Throwable first = failures.peek();
        if (first != null) {
            AssertionError e = new AssertionError("worker failed: " + first, first);
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    @Override
    public void close() {
        closing = true;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                if (!t.join(Duration.ofSeconds(5))) {
                    fail("worker ignored interrupt: " + t);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
