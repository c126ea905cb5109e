package io.throng.mongrel.ports;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The requests a {@link ZmtpPort} could not send at once: put by the gateway's virtual threads, taken by
 * the port's one drain thread. The taker never waits for a putter, only for a request.
 *
 * <p>Why not an {@code ArrayBlockingQueue}: its one lock is handed over in arrival order, so a taker that
 * arrives while a putter holds it parks behind the virtual threads parked on it, and each of those, once
 * handed the lock, first waits for a carrier: under load the taker stalls for as long as the carriers'
 * backlog (seconds, seen in the chat worker's queue; throng-chat's {@code UpQueue}, whose design this
 * mirrors). Here the requests are a lock-free queue and the bound is a semaphore only putters acquire;
 * the taker releases it, which never waits.
 */
final class SendQueue<T> {
    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    /** Free places: a putter takes one before queueing, the taker gives it back. */
    private final Semaphore places;
    /** The taker while it parks for an item; a putter unparks it. */
    private volatile Thread waiting;

    SendQueue(int capacity) {
        places = new Semaphore(capacity);
    }

    /** Queues {@code item}, waiting while the queue is full: a backlog slows its putters, never the taker. */
    void put(T item) throws InterruptedException {
        places.acquire();
        add(item);
    }

    /** Queues {@code item} if there is a free place now; false (nothing queued) if not. */
    boolean offer(T item) {
        if (!places.tryAcquire()) {
            return false;
        }
        add(item);
        return true;
    }

    private void add(T item) {
        items.add(item);
        Thread t = waiting; // read after the add: a taker that missed the item is unparked (Dekker, with poll's recheck)
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The next item, or null if none came within {@code timeout} (or the taker was unparked). One taking thread only. */
    T poll(long timeout, TimeUnit unit) {
        T item = items.poll();
        if (item == null) {
            waiting = Thread.currentThread();
            item = items.poll(); // after publishing the waiter: a put before it is seen here, one after unparks
            if (item == null) {
                LockSupport.parkNanos(this, unit.toNanos(timeout));
                item = items.poll();
            }
            waiting = null;
        }
        if (item != null) {
            places.release();
        }
        return item;
    }
}
