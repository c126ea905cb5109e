package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Blocking helpers with deadlines. Tests never wait without one: a lost wake-up must become a failure
 * with a message, not a hung build.
 */
final class Await {
    /** Long enough never to fire on a healthy run, even on a loaded 2-core CI machine. */
    static final Duration PATIENCE = Duration.ofSeconds(20);
    /** How long a thread must stay parked before we call it blocked. */
    static final Duration BLOCKED = Duration.ofMillis(50);

    private Await() {}

    /** Receives a value, failing if none comes within {@link #PATIENCE} or the channel is closed. */
    static <T> T recv(Channel<T> ch) throws InterruptedException {
        Received<T> r = ch.receive(PATIENCE);
        if (r instanceof Received.Value<T>(T v)) {
            return v;
        }
        throw new AssertionError("expected a value from " + ch + ", got " + r);
    }

    /** Sends a value, failing if no room or receiver shows up within {@link #PATIENCE}. */
    static <T> void send(Channel<T> ch, T value) throws InterruptedException {
        assertTrue(ch.send(value, PATIENCE), () -> "send of " + value + " on " + ch + " timed out");
    }

    /** Asserts the channel is closed and drained: receive returns Closed at once. */
    static void assertClosed(Channel<?> ch) throws InterruptedException {
        assertInstanceOf(Received.Closed.class, ch.receive(PATIENCE));
    }

    /** Waits until {@code condition} holds, failing after {@link #PATIENCE}. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Waits until {@code t} is parked (WAITING or TIMED_WAITING), that is, blocked in an operation. */
    static void parked(Thread t) {
        until(t + " parks", () -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        });
    }

    /** Joins {@code t} within {@link #PATIENCE}, failing if it is still running. */
    static void join(Thread t) throws InterruptedException {
        assertTrue(t.join(PATIENCE), () -> t + " did not finish (lost wake-up?)");
    }

    /** A blocking operation to classify as blocking or not. */
    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    /**
     * Asserts that {@code op} blocks: run on a virtual thread, it parks and is still parked after
     * {@link #BLOCKED}; interrupting it then makes it throw InterruptedException (so it was waiting,
     * not spinning or stuck elsewhere, and the wait can be cancelled).
     */
    static void assertBlocks(String what, Op op) throws InterruptedException {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = Thread.startVirtualThread(() -> {
            try {
                op.run();
                outcome.set(new AssertionError(what + ": completed but should block"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        try {
            parked(t);
            assertFalse(t.join(BLOCKED), () -> what + ": should block, but finished with " + outcome.get());
        } finally {
            t.interrupt();
            join(t);
        }
        assertInstanceOf(InterruptedException.class, outcome.get(), what + ": interrupt should end the wait");
    }

    /** Asserts that {@code op} completes without blocking: on a virtual thread, within {@link #PATIENCE}. */
    static void assertNotBlocks(String what, Op op) throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = Thread.startVirtualThread(() -> {
            try {
                op.run();
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        if (!t.join(PATIENCE)) {
            t.interrupt();
            fail(what + ": blocked but should not");
        }
        if (outcome.get() != null) {
            throw new AssertionError(what + ": failed", outcome.get());
        }
    }

    static void assertValue(Object expected, Received<?> r) {
        assertEquals(new Received.Value<>(expected), r);
    }
}
