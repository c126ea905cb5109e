package io.throng.channels;

/**
 * An entry in a channel's queue of blocked senders or receivers: which waiter, for which of its
 * select cases, and (for a sender) the value it offers. Nodes are linked and unlinked only under the
 * lock of the channel that holds them.
 */
final class Node {
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
}
