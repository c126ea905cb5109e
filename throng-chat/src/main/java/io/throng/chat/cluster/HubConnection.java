package io.throng.chat.cluster;

import io.throng.channels.Channel;
import io.throng.channels.Received;
import io.throng.chat.service.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One worker's client connection as the room service serves it, costing no thread while idle.
 *
 * <p>Inbound: client frames queue here (at most {@value #INBOUND} waiting) and one virtual thread at a
 * time feeds them to {@link Connection#receive} in arrival order; it is started when a frame arrives
 * and nobody is feeding, and ends when the queue is empty. {@code receive} may wait (a full room
 * channel, a store read), which is why the hub's socket thread does not call it itself.
 *
 * <p>Outbound: the outbox tells the hub's publisher when it has frames ({@code Outbox.onReady}); this
 * connection is then queued for the publisher once, however many frames arrive before it drains them.
 */
final class HubConnection {
    private static final System.Logger LOG = System.getLogger(HubConnection.class.getName());
    /** Client frames waiting for this connection's reader before the socket thread waits for it. */
    static final int INBOUND = 64;

    final String worker;
    final String id;
    final Connection conn;
    /** Its ring grows only as frames wait: an idle connection keeps a few slots, not {@value #INBOUND}. */
    private final Channel<String> inbound = Channel.buffered(INBOUND);
    /**
     * Frames queued and not yet handled. The one reader runs while it is above zero: whoever raises it
     * from zero starts the reader, and the reader ends when its own decrement brings it to zero, so no
     * frame can be queued without a reader to take it, and never two readers at once.
     */
    private final AtomicInteger pending = new AtomicInteger();
    /** Queued for the publisher and not yet taken by it. */
    private final AtomicBoolean announced = new AtomicBoolean();
    /** The publisher sent this connection's close (publisher thread only). */
    boolean closeSent;
    /** The next connection on the publisher's {@link ReadyList} while this one is on it. */
    HubConnection nextReady;

    HubConnection(String worker, String id, Connection conn) {
        this.worker = worker;
        this.id = id;
        this.conn = conn;
    }

    /**
     * Queues a client frame and starts a reader if none runs. Waits only while this connection has
     * {@value #INBOUND} frames its reader has not taken: a flood from one client slows the socket
     * thread to that connection's pace instead of growing without bound.
     */
    void deliver(String frame) throws InterruptedException {
        inbound.send(frame); // never closed
        if (pending.getAndIncrement() == 0) {
            Thread.ofVirtual().name("chat-hub-reader").start(this::read);
        }
    }

    private void read() {
        try {
            do {
                // Never empty here: each count follows its frame's send.
                if (inbound.tryReceive() instanceof Received.Value<String>(String frame)) {
                    receive(frame);
                }
            } while (pending.decrementAndGet() > 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the process is stopping
        }
    }

    private void receive(String frame) throws InterruptedException {
        try {
            conn.receive(frame);
        } catch (RuntimeException e) {
            // A bug, not a client's mistake (those are error frames): end this connection and keep
            // taking its frames (a closed connection ignores them), so the socket thread never waits on it.
            LOG.log(System.Logger.Level.ERROR, "connection " + id + " failed", e);
            conn.close();
        }
    }

    /** The outbox has something (or closed): hands this connection to {@code publisher} unless it already has it. */
    void announce(Consumer<HubConnection> publisher) {
        if (announced.compareAndSet(false, true)) {
            publisher.accept(this);
        }
    }

    /** The publisher took it: frames offered from now on announce it again. Call before draining the outbox. */
    void taken() {
        announced.set(false);
    }
}
