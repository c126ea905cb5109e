package io.throng.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Starts a batch of virtual threads, waits for all of them, and fails loudly if any failed or hung. */
final class VirtualThreads {
    /** Far above any healthy invocation (milliseconds); a hang means a bug, and must not stall the run. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private VirtualThreads() {}

    /** A task that may be interrupted, so that benchmark bodies can call blocking channel methods directly. */
    interface Task {
        void run() throws Exception;
    }

    private static final class Failure {
        volatile Throwable first;
    }

    /** Runs every task on its own virtual thread and returns when all have finished. */
    static void runAll(List<Task> tasks) throws Exception {
        Failure failure = new Failure();
        List<Thread> threads = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            threads.add(Thread.startVirtualThread(() -> {
                try {
                    t.run();
                } catch (Throwable e) {
                    failure.first = e;
                }
            }));
        }
        long deadline = System.nanoTime() + LIMIT.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                threads.forEach(Thread::interrupt);
                throw new TimeoutException("virtual threads still running after " + LIMIT);
            }
        }
        if (failure.first != null) {
            throw new IllegalStateException("a benchmark thread failed", failure.first);
        }
    }

    static void runAll(Task... tasks) throws Exception {
        runAll(List.of(tasks));
    }
}
