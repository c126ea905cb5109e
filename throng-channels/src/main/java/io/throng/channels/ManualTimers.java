package io.throng.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TimerSource} whose clock moves only when {@link #advance} is called: Twisted's
 * {@code task.Clock}, for testing timeouts, backoffs and tickers without sleeping.
 *
 * <p>{@code advance(d)} runs every callback that falls due within {@code d}, in the order of their due
 * times (ties in the order they were scheduled), on the calling thread, with the clock set to each one's
 * due time while it runs; a callback that schedules another within the window sees it run too, and a
 * periodic one runs once per period passed. {@link #after} and {@link #ticker} channels therefore hold
 * their value as soon as {@code advance} returns. Nothing runs on its own: a test that never advances
 * never fires a timer.
 *
 * <p>Thread-safe: any thread may schedule, cancel and read the clock while another advances it. Only one
 * thread should advance at a time.
 */
public final class ManualTimers implements TimerSource {
    private final Instant origin;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long sequence;
    private volatile long nanos;

    /** A clock that reads {@code 2000-01-01T00:00:00Z} until advanced. */
    public ManualTimers() {
        this(Instant.parse("2000-01-01T00:00:00Z"));
    }

    /** A clock that reads {@code origin} until advanced. */
    public ManualTimers(Instant origin) {
        this.origin = origin;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant now() {
        return origin.plusNanos(nanos);
    }

    @Override
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return add(new Task(Timers.guard(task), nanos + Math.max(0, Channel.saturatedNanos(delay)), 0));
    }

    @Override
    public ScheduledFuture<?> every(Duration period, Runnable task) {
        long p = Math.max(1, Channel.saturatedNanos(period));
        return add(new Task(Timers.guard(task), nanos + p, p));
    }

    /**
     * Moves the clock forward by {@code by} (zero runs what is due now), running the callbacks that fall
     * due on the way, in order. Returns once they have all run.
     */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + by);
        }
        long target = Math.addExact(nanos, Channel.saturatedNanos(by));
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due - target > 0) {
                    nanos = target;
                    return;
                }
                queue.poll();
                nanos = Math.max(nanos, next.due);
            }
            if (next.period == 0) {
                next.run();
            } else if (next.runAndReset()) {
                next.due += next.period;
                add(next);
            }
        }
    }

    /** Callbacks scheduled and neither run (once) nor cancelled: what a test checks to see that nothing leaks. */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.isCancelled()).count();
    }

    private synchronized Task add(Task task) {
        task.seq = sequence++;
        queue.add(task);
        return task;
    }

    private synchronized void remove(Task task) {
        queue.remove(task);
    }

    /** One scheduled callback; its future is the JDK's, its delay counted on this clock. */
    private final class Task extends FutureTask<Void> implements ScheduledFuture<Void> {
        final long period;
        long due;
        long seq;

        Task(Runnable body, long due, long period) {
            super(body, null);
            this.due = due;
            this.period = period;
        }

        @Override
        protected boolean runAndReset() {
            return super.runAndReset();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                remove(this); // a cancelled timer must not pile up, as on the real scheduler
            }
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task o = (Task) other;
            int byDue = Long.compare(due - o.due, 0);
            return byDue != 0 ? byDue : Long.compare(seq, o.seq);
        }
    }
}
