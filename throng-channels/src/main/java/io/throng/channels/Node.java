package io.throng.channels;

/**
 * An entry in a channel's queue of blocked senders or receivers: which waiter, for which of its
 * select cases, and (for a sender) the value it offers. A plain operation's waiter is its own node
 * (see {@link Waiter}); a select has one node per case, all pointing at one waiter. Nodes are linked and unlinked only under the
 * lock of the channel that holds them.
 */
class Node {
    final Waiter waiter;
    final int caseIndex;
    final Object item;
    Node prev;
    Node next;
    boolean queued;

    Node(Waiter waiter, int caseIndex, Object item) {
        this.waiter = waiter;
        this.caseIndex = caseIndex;
        this.item = item;
    }

    /**
     * For a {@link Waiter} that is its own node: a plain send or receive queues the waiter itself, so
     * the side that finds it touches one object, not two.
     */
    Node(Object item) {
        this.waiter = (Waiter) this;
        this.caseIndex = 0;
        this.item = item;
    }
}
