package io.throng.chaos;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests of one HTTP connection that went upstream and await their responses, in order: what
 * keeps an answer the proxy makes itself (an injected status, a 400, a drop) behind the responses to
 * the requests before it, so a pipelining client gets its answers in the order it asked.
 */
final class Exchanges {
    /**
     * A forwarded request: a HEAD's response has no body; after a CONNECT's or an Upgrade's success
     * another protocol follows ({@code tunnel}); {@code delayMillis} holds its response's first byte.
     */
    record Exchange(boolean head, boolean tunnel, long delayMillis) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition answered = lock.newCondition();
    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    private boolean closed;

    /** The request side forwarded a request. */
    void forwarded(Exchange x) {
        lock.lock();
        try {
            waiting.add(x);
        } finally {
            lock.unlock();
        }
    }

    /** The request whose response comes next; null if the upstream answers nothing asked (passed as is). */
    Exchange next() {
        lock.lock();
        try {
            return waiting.peek();
        } finally {
            lock.unlock();
        }
    }

    /** The response to the oldest forwarded request has gone to the client, whole. */
    void answered() {
        lock.lock();
        try {
            waiting.poll();
            answered.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every forwarded request has its response; false if the connection closed first. */
    boolean awaitAllAnswered() throws InterruptedException {
        return awaitAtMost(0);
    }

    /** Waits until at most {@code left} forwarded requests await their responses; false if the connection closed first. */
    boolean awaitAtMost(int left) throws InterruptedException {
        lock.lock();
        try {
            while (waiting.size() > left && !closed) {
                answered.await();
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** No more responses will come (the upstream ended or the connection closed). */
    void close() {
        lock.lock();
        try {
            closed = true;
            answered.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
