package io.throng.chat.cluster;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker's messages for the room service: put by many threads (its connections' virtual threads, the
 * link's receiver), taken by the one thread that owns the request socket and also sends the pings. The
 * taker never waits for a putter, only for a message.
 *
 * <p>Why not an {@code ArrayBlockingQueue}: its one lock is handed over in arrival order, so the taker,
 * arriving while a putter held it, parked behind virtual threads parked on it; each of those, once handed
 * the lock, waits for a carrier, and under load the carriers have seconds of wake-ups queued. The pings
 * then stopped with the rest (1.2 s seen at 30,000 users, 2026-12-07 17:17 UTC, the taker parked in
 * {@code ArrayBlockingQueue.poll}), and at 3 s the room service closes every connection of the worker.
 * Here the messages are a lock-free queue and the bound is a semaphore only putters acquire: the taker
 * releases it, which never waits.
 */
final class UpQueue {
    private final ConcurrentLinkedQueue<List<String>> messages = new ConcurrentLinkedQueue<>();
    /** Free places: a putter takes one before queueing (and waits while there is none), the taker gives it back. */
    private final Semaphore places;
    /** The taker while it parks for a message; a putter unparks it. */
    private volatile Thread waiting;

    UpQueue(int capacity) {
        places = new Semaphore(capacity);
    }

    /** Queues {@code m}, waiting while the queue is full: a backlog slows its putters, never the taker. */
    void put(List<String> m) throws InterruptedException {
        places.acquire();
        messages.add(m);
        Thread t = waiting; // read after the add: a taker that missed the message is unparked (Dekker, with take's recheck)
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The next message, or null if none came within {@code timeout}. One taking thread only. */
    List<String> poll(long timeout, TimeUnit unit) {
        List<String> m = messages.poll();
        if (m == null) {
            waiting = Thread.currentThread();
            m = messages.poll(); // after publishing the waiter: a put before it is seen here, one after unparks
            if (m == null) {
                LockSupport.parkNanos(this, unit.toNanos(timeout));
                m = messages.poll();
            }
            waiting = null;
        }
        if (m != null) {
            places.release();
        }
        return m;
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }
}
