package io.throng.http.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one origin. A fair semaphore holds the slots: a request takes one before it may
 * use or open a connection, and waits in line for at most the pool-queue timeout. Idle connections
 * are reused newest first (warm, least likely closed by the server); the oldest ones beyond the idle
 * timeout are closed on the way.
 */
final class Pool {
    private final Origin origin;
    private final ClientOptions options;
    private final Connector connector;
    private final Semaphore slots;
    private final ConcurrentLinkedDeque<PooledConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    Pool(Origin origin, ClientOptions options, Connector connector) {
        this.origin = origin;
        this.options = options;
        this.connector = connector;
        this.slots = new Semaphore(options.maxConnectionsPerOrigin(), true);
    }

    /** A connection for one exchange; give it back with {@link #release}. */
    PooledConnection acquire() throws IOException {
        long wait = options.poolQueueTimeout().toNanos();
        try {
            if (!slots.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
                throw new ClientTimeoutException(ClientTimeoutException.Timeout.POOL_QUEUE,
                        "waited " + options.poolQueueTimeout().toMillis() + " ms in the queue for one of the "
                                + options.maxConnectionsPerOrigin() + " connections to " + origin
                                + "; all were busy, the request was not sent", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled while queued for a connection to " + origin);
        }
        try {
            PooledConnection c = reusable();
            return c != null ? c : connector.connect(origin);
        } catch (IOException | RuntimeException | Error e) {
            slots.release();
            throw e;
        }
    }

    /** Ends an exchange: a connection whose response was fully read goes back to the pool, others close. */
    void release(PooledConnection c, boolean reusable) {
        if (reusable && !closed) {
            c.exchanges++;
            c.received = 0;
            c.idleSinceNanos = System.nanoTime();
            idle.addFirst(c);
        } else {
            c.close();
        }
        slots.release();
    }

    private PooledConnection reusable() {
        long now = System.nanoTime();
        long maxIdle = options.idleTimeout().toNanos();
        PooledConnection oldest;
        while ((oldest = idle.peekLast()) != null && now - oldest.idleSinceNanos > maxIdle) {
            if (idle.removeLastOccurrence(oldest)) {
                oldest.close();
            }
        }
        return idle.pollFirst();
    }

    int idleCount() {
        return idle.size();
    }

    void close() {
        closed = true;
        PooledConnection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }
}
