package io.throng.channels;

/**
 * Go's {@code go} statement: {@code go(() -> work())} runs the task on a new virtual thread. Use it
 * with a static import; for tasks whose failure must stop their siblings, use a {@link Scope}.
 */
public final class Go {
    private Go() {}

    /** Starts {@code task} on a new virtual thread and returns the thread. */
    public static Thread go(Runnable task) {
        return Thread.startVirtualThread(task);
    }
}
