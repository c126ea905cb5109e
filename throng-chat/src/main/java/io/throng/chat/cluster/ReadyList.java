package io.throng.chat.cluster;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The room service publisher's list of connections whose outbox has frames (or closed): pushed by any
 * thread (a room's fan-out, a connection's reader, the sweeper), taken by the publisher alone, in the order
 * pushed. A connection is on it at most once ({@link HubConnection#announce}), so it is its own link
 * ({@code nextReady}) and a push allocates nothing: the {@code ConcurrentLinkedQueue} this replaces
 * allocated a node per push, one push per delivery, and its {@code offer} was a fifth of the room service's
 * samples at 30,000 users (2026-12-07 13:54 UTC). Pushers share one compare-and-set; the publisher takes
 * everything pushed so far with one swap and hands it out oldest first.
 */
final class ReadyList {
    /** The last connection pushed; each links to the one pushed before it. */
    private final AtomicReference<HubConnection> top = new AtomicReference<>();
    /** Taken from {@link #top} and not yet handed out, oldest first (publisher thread only). */
    private HubConnection taken;

    /** Adds {@code c}, which must not be on the list: only its {@code announce} pushes it. */
    void push(HubConnection c) {
        HubConnection t;
        do {
            t = top.get();
            c.nextReady = t;
        } while (!top.compareAndSet(t, c));
    }

    /**
     * The connection waiting longest, or null if none is. Publisher thread only. It is off the list when
     * this returns, so its {@code taken()} may let it be pushed again at once.
     */
    HubConnection poll() {
        if (taken == null) {
            HubConnection newestFirst = top.getAndSet(null);
            HubConnection oldestFirst = null;
            while (newestFirst != null) { // nobody else writes their links: each is still announced
                HubConnection next = newestFirst.nextReady;
                newestFirst.nextReady = oldestFirst;
                oldestFirst = newestFirst;
                newestFirst = next;
            }
            taken = oldestFirst;
        }
        HubConnection c = taken;
        if (c != null) {
            taken = c.nextReady;
            c.nextReady = null;
        }
        return c;
    }

    /** Nothing waits (publisher thread only; a push may follow at once). */
    boolean isEmpty() {
        return taken == null && top.get() == null;
    }
}
