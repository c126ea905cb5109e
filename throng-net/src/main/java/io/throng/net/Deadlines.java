package io.throng.net;

import java.util.Collection;

/**
 * The server's one timer: a platform thread that wakes every tick and expires the connections whose
 * deadline has passed. Arming a deadline is a volatile store on the connection, so the hot path
 * allocates nothing and takes no lock; the price is a resolution of one tick and a scan of the live
 * connections per tick (tens of microseconds for tens of thousands of connections).
 */
final class Deadlines implements Runnable {
    private final Collection<Connection> connections;
    private final long tickMillis;
    private final Thread thread;
    private volatile boolean running = true;

    Deadlines(Collection<Connection> connections, long tickMillis, String name) {
        this.connections = connections;
        this.tickMillis = tickMillis;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection c : connections) {
                if (c.deadlineNanos() != 0) {
                    try {
                        c.expire(now);
                    } catch (RuntimeException e) {
                        // This thread is every connection's timer: a fault in closing one must not end it.
                        System.err.println("throng: deadline sweeper: " + e);
                    }
                }
            }
        }
    }

    void stop() {
        running = false;
        thread.interrupt();
    }
}
