package io.throng.channels;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A group of virtual-thread tasks that live and die together, like Go's {@code errgroup} with a
 * cancelled context: when one task fails, the others are interrupted; {@link #join()} waits for all
 * and rethrows the first failure; leaving the try block ({@link #close()}) interrupts and waits for
 * whatever is still running, so no task body outlives its scope (a finished task's thread may take a moment
 * longer to report itself dead).
 *
 * <pre>{@code
 * try (Scope scope = new Scope()) {
 *     scope.go(() -> fetch(a));
 *     scope.go(() -> fetch(b));
 *     scope.join();
 * }
 * }</pre>
 *
 * <p>Built on plain threads and interrupts, so it needs no preview API.
 */
public final class Scope implements AutoCloseable {

    /** A task that may throw; a throw fails the scope. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    /** The first failure of a task in the scope; the failures that followed are suppressed on it. */
    public static final class FailedException extends RuntimeException {
        FailedException(Throwable cause) {
            super("task failed: " + cause, cause);
        }
    }

    private final WaitGroup running = new WaitGroup();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean cancelled;

    /** Starts {@code task} on a new virtual thread in this scope. */
    public Thread go(Task task) {
        running.add(1);
        Thread t = Thread.ofVirtual().unstarted(() -> {
            try {
                if (!cancelled) {
                    task.run();
                }
            } catch (Throwable e) {
                fail(e);
            } finally {
                threads.remove(Thread.currentThread());
                running.done();
            }
        });
        threads.add(t);
        t.start();
        if (cancelled) {
            t.interrupt();
        }
        return t;
    }

    private void fail(Throwable e) {
        if (failure.compareAndSet(null, e)) {
            cancel();
        } else if (!(e instanceof InterruptedException) && failure.get() != e) {
            failure.get().addSuppressed(e);
        }
    }

    /** Interrupts every task still running; tasks started afterwards do not run. */
    public void cancel() {
        cancelled = true;
        for (Thread t : threads) {
            t.interrupt();
        }
    }

    /** True once the scope was cancelled, by a failure or by {@link #cancel()}. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Waits for every task; throws {@link FailedException} with the first failure if any task threw.
     * If the joining thread is interrupted, the tasks are cancelled and InterruptedException is thrown.
     */
    public void join() throws InterruptedException {
        try {
            running.await();
        } catch (InterruptedException e) {
            cancel();
            throw e;
        }
        Throwable first = failure.get();
        if (first != null) {
            throw new FailedException(first);
        }
    }

    /** Cancels what is still running and waits until every task body has returned. */
    @Override
    public void close() {
        if (!isIdle()) {
            cancel();
        }
        boolean interrupted = false;
        while (true) {
            try {
                running.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isIdle() {
        return threads.isEmpty();
    }
}
