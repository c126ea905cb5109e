package io.throng.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One blocked thread's meeting point, like a Go {@code sudog} group: a plain send or receive has one,
 * and a {@code select} has one shared by the queue nodes it left on every channel it waits on.
 *
 * <p>The state moves once, from {@link #WAITING}, either to {@link #CLAIMED} (a waker, holding the
 * lock of the channel where it found one of this waiter's nodes, won the race for it and will finish
 * the transfer) and then {@link #DONE}, or to {@link #CANCELLED} (the waiter itself gave up: timeout or
 * interrupt). The compare-and-set out of {@code WAITING} is the single point that decides whether an
 * operation happened, so a value is never both delivered and reported as not delivered: that is what
 * makes interrupts and timeouts lose nothing.
 */
final class Waiter extends Node {
    static final int WAITING = 0;
    static final int CLAIMED = 1;
    static final int DONE = 2;
    static final int CANCELLED = 3;

    /**
     * The most busy-wait rounds before parking (the JDK's LinkedTransferQueue spins as many). Whether
     * and how long a waiter spins is decided per channel by {@link Channel#learn}: spinning pays when
     * the partner runs on another core, and only wastes that core when every core is busy. On one CPU
     * it never pays.
     */
    static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 128 : 0;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread = Thread.currentThread();
    private volatile int state;
    /** Set before parking so that a waker knows an unpark is needed (Dekker-style with {@link #state}). */
    private volatile boolean parked;

    // Written by the waker between CLAIMED and DONE; read by the waiter only after it sees DONE.
    int selected = -1;
    Object received;
    /** Set by {@link #await} when the transfer arrived while it was still spinning. */
    boolean spun;

    /** A waiter for one plain operation, which is also its queue node; {@code item} is the value sent, or null. */
    Waiter(Object item) {
        super(item);
    }

    /** A select's waiter; its cases' nodes point at it, and it is never queued itself. */
    Waiter() {
        super(null);
    }

    /** Called by a waker under the channel lock: true if this waiter is now ours to complete. */
    boolean claim() {
        return (int) STATE.getOpaque(this) == WAITING && STATE.compareAndSet(this, WAITING, CLAIMED);
    }

    /**
     * Finishes a claimed transfer: records which case ran and what it received.
     *
     * @return true if the waiter may be parked, so the caller must {@link LockSupport#unpark} its
     *     thread — after releasing its lock, since waking a virtual thread schedules it
     */
    boolean complete(int caseIndex, Object value) {
        selected = caseIndex;
        received = value;
        state = DONE;
        return parked;
    }

    boolean isWaiting() {
        return state == WAITING;
    }

    /**
     * Waits until a waker completes this waiter, the deadline passes, or the thread is interrupted.
     *
     * @param deadline a {@link System#nanoTime()} deadline, or {@code Long.MAX_VALUE} for none
     * @param spins busy-wait rounds before parking, from the channel's adaptive budget
     * @return {@code DONE} if a transfer happened (the interrupt status is preserved if it came during
     *     the wait), {@code CANCELLED} on timeout or interrupt (the caller must unlink its nodes)
     */
    int await(long deadline, int spins) {
        for (int i = 0; i < spins; i++) {
            if (state == DONE) {
                spun = true;
                return DONE;
            }
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        parked = true;
        while (true) {
            int s = state;
            if (s == DONE) {
                break;
            }
            if (s == WAITING) {
                boolean timedOut = deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0;
                if (interrupted || timedOut) {
                    if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
                        if (interrupted) {
                            Thread.currentThread().interrupt();
                        }
                        return CANCELLED;
                    }
                    continue; // a waker claimed us first: the transfer is finishing, wait for it
                }
                if (deadline == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, deadline - System.nanoTime());
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            } else {
                // CLAIMED: the waker is between its claim and complete(); that window is a few stores.
                Thread.onSpinWait();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return DONE;
    }
}
