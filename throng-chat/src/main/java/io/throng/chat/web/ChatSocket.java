package io.throng.chat.web;

import io.throng.channels.Received;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import io.throng.chat.metrics.LatencyHistogram;
import io.throng.chat.service.ChatBackend;
import io.throng.chat.service.Connection;
import io.throng.chat.service.Outbox;
import io.throng.websocket.SendResult;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The chat over one WebSocket: each text message in is one client frame, each frame of the
 * connection's outbox goes out as one text message. One {@link Connection} per socket, and no thread
 * of its own: the outbox says when it has frames ({@link io.throng.chat.service.Outbox#onReady}) and
 * whoever put them there (a room, this socket's reader, the sweeper) moves them into the socket's own
 * queue, which never blocks, so a room never waits for a member. One mover at a time (a
 * work-in-progress count, as in the WebSocket's drain), so frames keep the outbox's order.
 *
 * <p>Frames leave the outbox at once, so the socket's queue is where a slow client's backlog grows:
 * the mover asks {@link Outbox#admit} with that queue's depth before each frame, and the outbox's
 * bounds, presence dropping and {@code slow_consumer} close apply there. The socket's own bound
 * ({@link ChatWeb}) is only a backstop far above them.
 *
 * <p>A frame's WebSocket bytes are encoded once for all the sockets it goes to ({@link Frame#webSocket}):
 * a room's message to its members costs each member's socket a queue insertion, not an encoding.
 */
final class ChatSocket implements WebSocketListener {
    private final ChatBackend chat;
    /** The login token of the upgrade request, or null. */
    private final String credential;
    private final AtomicInteger open;
    private final LongAdder framesIn;
    private final LatencyHistogram fanOut;
    private final AtomicInteger wip = new AtomicInteger();
    private volatile Connection conn;
    private volatile WebSocket ws;
    /** Set by the one mover when the socket refused a frame or the outbox closed: nothing more goes out. */
    private boolean done;

    ChatSocket(ChatBackend chat, String credential, AtomicInteger open, LongAdder framesIn, LatencyHistogram fanOut) {
        this.chat = chat;
        this.credential = credential;
        this.open = open;
        this.framesIn = framesIn;
        this.fanOut = fanOut;
    }

    @Override
    public void onOpen(WebSocket ws) {
        open.incrementAndGet();
        this.ws = ws;
        Connection c = chat.connect(credential);
        conn = c;
        c.outbox().onReady(this::ready);
        ready(); // a server shutting down closes the outbox before the hook is set
    }

    @Override
    public void onText(WebSocket ws, String text) {
        framesIn.increment();
        try {
            conn.receive(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ws.close(1011, "interrupted");
        }
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        open.decrementAndGet();
        Connection c = conn;
        if (c != null) {
            c.close();   // the session detaches and stays resumable
        }
    }

    /** The outbox has frames or closed: the caller that finds no move in progress moves everything there is. */
    private void ready() {
        if (wip.getAndIncrement() != 0) {
            return; // the mover will go round again
        }
        int missed = 1;
        do {
            move();
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /**
     * Moves every frame the outbox has into the socket's queue, then has the socket write them: a room
     * that woke this once for several frames (a batch's messages, an ack) costs one write(2), not one
     * per frame.
     */
    private void move() {
        if (moveAll()) {
            ws.flush();
        }
    }

    /** Moves the outbox's frames into the socket's queue; true if it queued any that await {@link WebSocket#flush}. */
    private boolean moveAll() {
        Connection c = conn;
        boolean queued = false;
        while (!done) {
            switch (c.outbox().poll()) {
                case Received.Value<Frame>(Frame f) -> {
                    if (c.outbox().admit(f, ws.queuedMessages(), ws.queuedBytes()) != Outbox.Admission.SEND) {
                        continue; // skipped, or the outbox closed as a slow consumer: its closing frame follows
                    }
                    if (ws.queueText(f.webSocket()) != SendResult.QUEUED) {
                        done = true;
                        c.close();   // the socket's own queue overflowed or it is closing
                        return queued;
                    }
                    queued = true;
                    if (f.ordered() != 0) {
                        fanOut.record(System.nanoTime() - f.ordered());
                    }
                }
                case Received.Closed<Frame> x -> {
                    done = true;
                    c.outbox().closingFrame().ifPresent(f -> ws.sendText(f.json()));
                    ErrorCode why = c.outbox().closeReason();
                    ws.close(why == ErrorCode.SHUTTING_DOWN ? 1001 : 1000, why == null ? "" : why.wire());
                    return queued;
                }
                case Received.Empty<Frame> e -> {
                    return queued;
                }
            }
        }
        return queued;
    }
}
