package io.throng.mongrel.handler;

import io.throng.mongrel.wire.Credits;
import io.throng.mongrel.wire.Disconnect;
import io.throng.mongrel.wire.HttpResponse;
import io.throng.mongrel.wire.Inbound;
import io.throng.mongrel.wire.Request;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link Handler} on virtual threads, whatever the transport.
 *
 * <p>Requests of one connection form a lane and run one after the other (WebSocket frames must not
 * overtake each other); different connections run in parallel. Notices skip the lanes, so a handler
 * blocked on a long-poll still hears that its client left, and a disconnect drops that connection's
 * requests that have not started yet. At most {@code maxInFlight} messages are
 * admitted at once; {@link #dispatch} blocks beyond that, which pushes back on the transport.
 */
final class Dispatcher {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    private record Lane(String sender, long connectionId) {}

    private final Handler handler;
    private final Responder out;
    private final int maxInFlight;
    private final Semaphore permits;
    private final ConcurrentHashMap<Lane, ArrayDeque<Request>> lanes = new ConcurrentHashMap<>();
    private final ThreadFactory threads = Thread.ofVirtual().name("mongrel-handler-", 0).factory();
    private final AtomicLong received = new AtomicLong();

    Dispatcher(Handler handler, Responder out, int maxInFlight) {
        this.handler = handler;
        this.out = out;
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
    }

    /** Hands one message to the handler; blocks while {@code maxInFlight} messages are running. */
    void dispatch(Inbound message) throws InterruptedException {
        permits.acquire();
        received.incrementAndGet();
        switch (message) {
            case Request r -> enqueue(r);
            case Disconnect d -> {
                dropQueued(new Lane(d.sender(), d.connectionId()));
                startNotice("disconnect of " + d.connectionId(), () -> handler.disconnected(d, out));
            }
            case Credits c -> startNotice("credits for " + c.connectionId(), () -> handler.credits(c, out));
        }
    }

    /** A handler's callback for a notice, which may throw anything. */
    private interface Notice {
        void deliver() throws Exception;
    }

    /** Runs a notice's callback on its own thread: a failure is logged, and the permit given back. */
    private void startNotice(String what, Notice notice) {
        start(() -> {
            try {
                notice.deliver();
            } catch (Exception | Error e) {
                LOG.log(System.Logger.Level.WARNING, "handler failed on " + what, e);
            } finally {
                permits.release();
            }
        });
    }

    private void enqueue(Request r) {
        Lane lane = new Lane(r.sender(), r.connectionId());
        boolean[] first = {false};
        lanes.compute(lane, (k, queue) -> {
            if (queue == null) {
                queue = new ArrayDeque<>();
                first[0] = true;
            }
            queue.addLast(r);
            return queue;
        });
        if (first[0]) {
            start(() -> drain(lane));
        }
    }

    /**
     * The client is gone: requests of its lane that have not started are never handed to the handler
     * (the one running now finishes). Mongrel2 would deliver them to a handler that can no longer answer.
     */
    private void dropQueued(Lane lane) {
        int[] dropped = {0};
        lanes.computeIfPresent(lane, (k, queue) -> {
            while (queue.size() > 1) {
                queue.pollLast();
                dropped[0]++;
            }
            return queue;
        });
        if (dropped[0] > 0) {
            permits.release(dropped[0]);
            LOG.log(System.Logger.Level.DEBUG, "dropped " + dropped[0] + " queued requests of closed connection " + lane);
        }
    }

    private void drain(Lane lane) {
        Request[] next = new Request[1];
        lanes.computeIfPresent(lane, (k, queue) -> {
            next[0] = queue.peekFirst();
            return queue;
        });
        while (next[0] != null) {
            try {
                handleOne(next[0]);
            } finally {
                permits.release();
            }
            next[0] = null;
            lanes.computeIfPresent(lane, (k, queue) -> {
                queue.pollFirst();
                next[0] = queue.peekFirst();
                return queue.isEmpty() ? null : queue;
            });
        }
    }

    private void handleOne(Request request) {
        boolean[] answered = {false};
        Responder tracked = message -> {
            if (message.connectionIds().contains(request.connectionId())) {
                answered[0] = true;
            }
            out.send(message);
        };
        try {
            handler.handle(request, tracked);
        } catch (Exception | Error e) {
            LOG.log(System.Logger.Level.WARNING, "handler failed on " + request, e);
            // An HTTP client left without any answer would hang until the server's idle timeout.
            if (!answered[0] && !request.isWebSocketFrame()) {
                try {
                    out.reply(request, HttpResponse.text(500, "Internal Server Error", "handler failed\n"));
                } catch (RuntimeException sendFailed) {
                    LOG.log(System.Logger.Level.DEBUG, "could not send 500", sendFailed);
                }
            }
        }
    }

    private void start(Runnable task) {
        threads.newThread(task).start();
    }

    /** Waits until nothing is running; true if that happened within the timeout. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        if (permits.tryAcquire(maxInFlight, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            permits.release(maxInFlight);
            return true;
        }
        return false;
    }

    long received() {
        return received.get();
    }
}
