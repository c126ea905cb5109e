package io.throng.net.epoll;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One epoll set of sockets and the loop that turns its edges into flags and unparks.
 *
 * <p>The loop is a virtual thread that polls with timeout 0, yields while polls find edges, and parks
 * only after a poll found none, asking the master poller (a platform thread) to wake it when the set
 * becomes readable. The unparks it makes come from a carrier, so the woken threads queue on that
 * carrier instead of signalling another: no futex, no context switch per request.
 *
 * <p>The wake-up protocol with the master, and why no wake-up is lost, is in the package doc.
 */
final class SubPoller {
    static final int MAX_EVENTS = 1024;

    private final Pollers pollers;
    private final int index;
    final int epfd;
    final Thread thread;

    /** Set by the master (after it took this set's readiness event), cleared by this loop before it arms. */
    private volatile boolean woken;
    /** True from arming until the loop runs again: tests watch it, the protocol does not read it. */
    private volatile boolean parked;
    private final AtomicLong wakeups = new AtomicLong();

    SubPoller(Pollers pollers, int index, int epfd, String name) {
        this.pollers = pollers;
        this.index = index;
        this.epfd = epfd;
        this.thread = Thread.ofVirtual().name(name + "-" + index).unstarted(this::loop);
    }

    boolean parked() {
        return parked;
    }

    /** How many times the master woke this loop. */
    long wakeups() {
        return wakeups.get();
    }

    /** The master saw this set readable (its one-shot registration fired): let the loop poll again. */
    void wake() {
        wakeups.incrementAndGet();
        woken = true; // before unpark: a loop that returns from park for any reason re-checks this
        LockSupport.unpark(thread);
    }

    /** Lets a parked loop see that the pollers are stopping. */
    void unparkForStop() {
        LockSupport.unpark(thread);
    }

    private void loop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment e = Libc.errnoSegment(arena);
            MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_BYTES * MAX_EVENTS, 8);
            MemorySegment arm = arena.allocate(Libc.EPOLL_EVENT_BYTES, 8);
            arm.set(ValueLayout.JAVA_INT, 0, Libc.EPOLLIN | Libc.EPOLLONESHOT);
            arm.set(ValueLayout.JAVA_LONG_UNALIGNED, Libc.EPOLL_DATA_OFFSET, index);
            int op = Libc.EPOLL_CTL_ADD; // the first arm registers the set with the master; later ones re-arm
            int n = 0;
            while (!pollers.stopping()) {
                if (n != 0) {
                    // Edges were found (maybe exactly MAX_EVENTS, with more pending): poll again without
                    // parking. The yield lets the threads just unparked on this carrier run first.
                    Thread.yield();
                } else {
                    awaitReadable(e, arm, op);
                    op = Libc.EPOLL_CTL_MOD;
                }
                n = Libc.epollWait(e, epfd, events, MAX_EVENTS, 0);
                dispatch(events, n);
            }
        }
    }

    /**
     * Parks until the master says the set is readable. Order matters: clear {@code woken}, then arm (the
     * kernel checks readiness when it arms, so edges that came after the last empty poll fire at once),
     * then park while {@code woken} is clear. A stale permit or a late wake for an earlier arm only costs
     * one poll that finds nothing.
     */
    private void awaitReadable(MemorySegment e, MemorySegment arm, int op) {
        woken = false;
        parked = true;
        if (Libc.epollCtl(e, pollers.masterFd(), op, epfd, arm) < 0) {
            parked = false; // cannot happen with valid descriptors; polling again is the safe answer
            return;
        }
        while (!woken && !pollers.stopping()) {
            LockSupport.park(this);
        }
        parked = false;
    }

    private void dispatch(MemorySegment events, int n) {
        for (int i = 0; i < n; i++) {
            long at = i * Libc.EPOLL_EVENT_BYTES;
            int mask = events.get(ValueLayout.JAVA_INT, at);
            long fd = events.get(ValueLayout.JAVA_LONG_UNALIGNED, at + Libc.EPOLL_DATA_OFFSET);
            // A late edge for a closed descriptor whose number was reused only makes a read that finds
            // nothing: flags are hints, and every wait re-checks by reading or writing.
            EpollSocket s = pollers.socket((int) fd);
            if (s != null) {
                try {
                    s.ready(mask);
                } catch (RuntimeException | Error ex) {
                    // A callback (starting a cold connection's thread) failed, say out of memory: the loop must live.
                    System.err.println("throng: epoll callback failed: " + ex);
                }
            }
        }
    }
}
