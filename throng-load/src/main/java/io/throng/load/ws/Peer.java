package io.throng.load.ws;

import io.throng.load.ConnectOutcome;
import io.throng.load.ErrorKind;
import io.throng.websocket.SendResult;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketListener;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One load connection and what it does with what it receives. Callbacks run on the connection's reader
 * thread, one at a time; sends never block (the engine's outbound queue), so a closed-model connection sends its
 * next message straight from the callback that received the previous one.
 */
final class Peer implements WebSocketListener {

    /**
     * Where this connection's one attempt stands: null while it queues for a handshake slot, {@code PENDING} in
     * its handshake, then one of the final buckets. It leaves null and {@code PENDING} exactly once, by
     * compare-and-set: the attempt's own thread and the engine's cancellation may race, and whichever comes first
     * decides the bucket.
     */
    private final AtomicReference<ConnectOutcome> attempt = new AtomicReference<>();
    /** How long the handshake took when it got an answer (held, refused, failed); -1 otherwise. */
    volatile long handshakeNanos = -1;

    private final WsEngine engine;
    private final WsMeter meter;
    /** Sender id in fan-out (unique over all worker processes); 0 for echo connections and receivers. */
    final int id;
    final boolean sender;
    private final Sequences sequences = new Sequences();
    /** The next sequence number; guarded by this, so numbers enter the queue in order. */
    private long seq;
    /** Echo: messages sent, and echoes received, for the count of unanswered ones at the end. */
    final AtomicLong sent = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    volatile WebSocket ws;

    Peer(WsEngine engine, WsMeter meter, int id, boolean sender) {
        this.engine = engine;
        this.meter = meter;
        this.id = id;
        this.sender = sender;
    }

    ConnectOutcome attempt() {
        return attempt.get();
    }

    boolean held() {
        return attempt.get() == ConnectOutcome.HELD;
    }

    /** The attempt got a handshake slot; false if it was cancelled while it queued. */
    boolean beginHandshake() {
        return attempt.compareAndSet(null, ConnectOutcome.PENDING);
    }

    /** Ends the attempt in {@code outcome} unless it has already ended; true if this call decided it. */
    boolean end(ConnectOutcome outcome) {
        ConnectOutcome now;
        while ((now = attempt.get()) == null || now == ConnectOutcome.PENDING) {
            if (attempt.compareAndSet(now, outcome)) {
                return true;
            }
        }
        return false;
    }

    /** The connect budget ran out: a queued attempt was never started, one in its handshake timed out. */
    void cancel() {
        if (!attempt.compareAndSet(null, ConnectOutcome.NOT_STARTED)) {
            attempt.compareAndSet(ConnectOutcome.PENDING, ConnectOutcome.TIMED_OUT);
        }
    }

    /**
     * Sends the next message, stamped as due at {@code intended}. Synchronised because the starting thread and
     * this connection's reader may both send during a closed-model start with more than one message in flight.
     */
    synchronized void send(long intended) {
        Stamp stamp = new Stamp(intended, System.nanoTime(), id, seq++);
        WsWorkload w = engine.workload();
        SendResult r = w.binary() ? ws.sendBinary(stamp.toBinary(w.size())) : ws.sendText(stamp.toText(w.size()));
        if (r == SendResult.QUEUED) {
            sent.incrementAndGet();
        } else if (engine.measuring()) {
            meter.error(ErrorKind.WRITE);
        }
    }

    @Override
    public void onOpen(WebSocket ws) {
        this.ws = ws; // may run before connect() returns the same object
    }

    @Override
    public void onText(WebSocket ws, String text) {
        long now = System.nanoTime();
        meter.bytes(text.length());
        Stamp stamp;
        try {
            stamp = Stamp.of(text);
        } catch (IllegalArgumentException e) {
            stamp = null;
        }
        received(stamp, now);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        long now = System.nanoTime();
        meter.bytes(data.remaining());
        Stamp stamp;
        try {
            stamp = Stamp.of(data);
        } catch (IllegalArgumentException e) {
            stamp = null;
        }
        received(stamp, now);
    }

    /** A message arrived at {@code now}; {@code stamp} is null when it carried none (a protocol error). */
    private void received(Stamp stamp, long now) {
        if (stamp == null) {
            meter.error(ErrorKind.PROTOCOL);
            return;
        }
        boolean measured = engine.measuring() && stamp.intended() >= engine.startNanos();
        if (engine.workload().mode() == WsWorkload.Mode.ECHO) {
            answered.incrementAndGet();
            if (measured) {
                meter.message(stamp.intended(), stamp.sent(), now);
            }
            if (engine.closedModel() && engine.sending()) {
                send(System.nanoTime());
            }
            return;
        }
        if (sender) {
            // A sender hears the whole room; in the closed model its own message coming back is its cue.
            if (stamp.sender() == id && engine.closedModel() && engine.sending()) {
                send(System.nanoTime());
            }
            return;
        }
        long lostBefore = sequences.lost();
        boolean inOrder = sequences.accept(stamp.sender(), stamp.seq());
        if (measured) {
            meter.unanswered(sequences.lost() - lostBefore);
            if (!inOrder && sequences.lost() == lostBefore) {
                meter.error(ErrorKind.PROTOCOL); // a duplicate, or out of order
            }
            meter.message(stamp.intended(), stamp.sent(), now);
        }
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        if (!held()) {
            return; // opened after its attempt was cancelled: never counted, so not uncounted either
        }
        meter.connections(-1);
        if (engine.measuring()) {
            meter.error(ErrorKind.CLOSED);
        }
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        if (held() && engine.measuring()) {
            meter.error(ErrorKind.READ);
        }
    }
}
