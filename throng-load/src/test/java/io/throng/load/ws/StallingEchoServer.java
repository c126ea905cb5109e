package io.throng.load.ws;

import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A WebSocket echo server that, once it has echoed {@code before} messages, stops answering anyone for
 * {@code stallNanos} (every connection's handler holds its message until the stall is over), then carries on:
 * the server hiccup a load tool must not hide.
 */
final class StallingEchoServer implements AutoCloseable {
    private final ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    private final List<WebSocket> connections = new CopyOnWriteArrayList<>();
    private final AtomicLong echoed = new AtomicLong();
    private final long before;
    private final long stallNanos;
    private volatile long stallEnds; // 0 until the stall begins

    StallingEchoServer(long before, long stallNanos) throws IOException {
        this.before = before;
        this.stallNanos = stallNanos;
        Thread.ofVirtual().start(this::accept);
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread.ofVirtual().start(() -> open(ch));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void open(SocketChannel ch) {
        WebSocket ws = ServerUpgrade.accept(ch, new Echo());
        if (ws != null) {
            connections.add(ws);
        }
    }

    private final class Echo implements WebSocketListener {
        @Override
        public void onText(WebSocket ws, String text) {
            hold();
            ws.sendText(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            hold();
            ws.sendBinary(data);
        }
    }

    /** The simulated hiccup: this is the server's behaviour under test, not a wait for another thread. */
    private void hold() {
        if (echoed.incrementAndGet() == before) {
            stallEnds = System.nanoTime() + stallNanos;
        }
        long ends = stallEnds;
        long left;
        while (ends != 0 && (left = ends - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (WebSocket ws : connections) {
            ws.abort();
        }
    }
}
