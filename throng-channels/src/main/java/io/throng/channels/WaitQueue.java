package io.throng.channels;

/**
 * A FIFO of blocked parties on one channel (Go's {@code waitq}): intrusive and doubly linked so that a
 * waiter that gives up, or a select that was completed elsewhere, unlinks its node in O(1). Guarded by
 * the owning channel's lock.
 */
final class WaitQueue {
    private Node head;
    private Node tail;

    boolean isEmpty() {
        return head == null;
    }

    void add(Node n) {
        n.queued = true;
        n.prev = tail;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
    }

    void remove(Node n) {
        if (!n.queued) {
            return;
        }
        n.queued = false;
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
    }

    /**
     * Removes and returns the oldest node whose waiter this caller managed to claim, or null. Nodes of
     * waiters that gave up or were claimed through another channel are dropped on the way: FIFO order
     * among live waiters is kept, and dead nodes never make a live one wait.
     */
    Node pollClaimed() {
        Node n;
        while ((n = head) != null) {
            remove(n);
            if (n.waiter.claim()) {
                return n;
            }
        }
        return null;
    }
}
