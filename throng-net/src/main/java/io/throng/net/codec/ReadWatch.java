package io.throng.net.codec;

import io.throng.channels.TimerSource;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Enforces a {@link FrameReader}'s {@link ReadTimeouts}: when one passes, it closes the stream (which ends
 * the read blocked on it) and remembers why, so that the reader throws a timeout rather than the close.
 *
 * <p>One pending timer per reader, not one per read: the reader only stores when it started waiting
 * (two volatile stores around a read), and the timer, when it fires, either finds a wait that is over
 * its time or schedules itself again for the earliest moment one could be. The timer stops once the
 * stream is closed, by anyone, so an abandoned reader leaves nothing scheduled beyond one period.
 */
final class ReadWatch implements Runnable {
    /** "Not waiting": {@code nanoTime()} may be any long, including 0 on a fake clock. */
    private static final long NONE = Long.MIN_VALUE;

    private final Channel in;
    private final TimerSource timers;
    private final long idle, frame; // nanoseconds, 0 if not enforced
    private volatile long readSince = NONE;
    private volatile long frameSince = NONE;
    private volatile String expired;
    private volatile ScheduledFuture<?> check;
    private volatile boolean stopped;

    ReadWatch(Channel in, ReadTimeouts timeouts) {
        this.in = in;
        this.timers = timeouts.timers();
        this.idle = timeouts.idle() != null ? timeouts.idle().toNanos() : 0;
        this.frame = timeouts.frame() != null ? timeouts.frame().toNanos() : 0;
    }

    /** The reader is about to wait for bytes; {@code midFrame} if it holds part of a frame. */
    void reading(boolean midFrame) throws SocketTimeoutException {
        long now = timers.nanoTime();
        readSince = now;
        if (midFrame && frameSince == NONE) {
            frameSince = now;
        }
        if (check == null) {
            arm(now);
        }
        throwIfExpired();
    }

    /** The read returned. */
    void read() throws SocketTimeoutException {
        readSince = NONE;
        throwIfExpired();
    }

    /** A whole frame was cut: the next one's time starts when the reader next waits for it. */
    void frameDone() {
        frameSince = NONE;
    }

    /** The read failed: a timeout if this watch closed the stream, else the failure itself. */
    IOException failed(IOException e) {
        readSince = NONE;
        String why = expired;
        if (why == null) {
            return e;
        }
        SocketTimeoutException t = new SocketTimeoutException(why);
        t.initCause(e);
        return t;
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> c = check;
        if (c != null) {
            c.cancel(false);
        }
    }

    private void throwIfExpired() throws SocketTimeoutException {
        String why = expired;
        if (why != null) {
            throw new SocketTimeoutException(why);
        }
    }

    @Override
    public void run() {
        if (stopped || !in.isOpen()) {
            return;
        }
        long now = timers.nanoTime();
        long next = now + Math.max(idle, frame); // nothing under way: look again in one period
        long r = readSince;
        if (idle != 0 && r != NONE) {
            if (now - r >= idle) {
                expire("no bytes for " + Duration.ofNanos(idle));
                return;
            }
            next = r + idle;
        }
        long f = frameSince;
        if (frame != 0 && f != NONE) {
            if (now - f >= frame) {
                expire("frame not complete within " + Duration.ofNanos(frame));
                return;
            }
            next = Math.min(next, f + frame);
        }
        arm(now, next);
    }

    private void arm(long now) {
        arm(now, now + (idle != 0 ? idle : frame));
    }

    private void arm(long now, long at) {
        check = timers.schedule(Duration.ofNanos(at - now), this);
        if (stopped) { // stop() may have cancelled the previous check while this one was being made
            check.cancel(false);
        }
    }

    private void expire(String why) {
        expired = why;
        try {
            in.close();
        } catch (IOException e) {
            // closing is all we wanted; the reader reports the timeout
        }
    }
}
