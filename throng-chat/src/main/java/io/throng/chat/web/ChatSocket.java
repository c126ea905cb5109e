package io.throng.chat.web;

import io.throng.channels.Received;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import io.throng.chat.metrics.LatencyHistogram;
import io.throng.chat.service.ChatBackend;
import io.throng.chat.service.Connection;
import io.throng.websocket.SendResult;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The chat over one WebSocket: each text message in is one client frame, each frame of the
 * connection's outbox goes out as one text message. One {@link Connection} per socket; a pump thread
 * moves the outbox into the socket's own queue (which never blocks), so a room never waits for it.
 */
final class ChatSocket implements WebSocketListener {
    private final ChatBackend chat;
    private final AtomicInteger open;
    private final LongAdder framesIn;
    private final LatencyHistogram fanOut;
    private volatile Connection conn;

    ChatSocket(ChatBackend chat, AtomicInteger open, LongAdder framesIn, LatencyHistogram fanOut) {
        this.chat = chat;
        this.open = open;
        this.framesIn = framesIn;
        this.fanOut = fanOut;
    }

    @Override
    public void onOpen(WebSocket ws) {
        open.incrementAndGet();
        Connection c = chat.connect();
        conn = c;
        Thread.ofVirtual().name("chat-ws-pump").start(() -> pump(ws, c, fanOut));
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

    private static void pump(WebSocket ws, Connection c, LatencyHistogram fanOut) {
        try {
            while (true) {
                switch (c.outbox().receive()) {
                    case Received.Value<Frame>(Frame f) -> {
                        if (ws.sendText(f.json()) != SendResult.QUEUED) {
                            c.close();   // the socket's own queue overflowed or it is closing
                            return;
                        }
                        if (f.ordered() != 0) {
                            fanOut.record(System.nanoTime() - f.ordered());
                        }
                    }
                    case Received.Closed<Frame> x -> {
                        c.outbox().closingFrame().ifPresent(f -> ws.sendText(f.json()));
                        ErrorCode why = c.outbox().closeReason();
                        ws.close(why == ErrorCode.SHUTTING_DOWN ? 1001 : 1000, why == null ? "" : why.wire());
                        return;
                    }
                    case Received.Empty<Frame> e -> { }
                }
            }
        } catch (InterruptedException e) {
            ws.abort();
        }
    }
}
