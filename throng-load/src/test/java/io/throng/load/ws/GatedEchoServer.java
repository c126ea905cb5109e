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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket echo server that completes the handshake of the first {@code answered} connections it accepts and
 * of no other: the rest are accepted by TCP and then never answered, so their clients wait for an upgrade that
 * does not come. The slow-to-handshake server a load tool must account for, not lose.
 */
final class GatedEchoServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final int answered;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<WebSocket> open = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> silent = new CopyOnWriteArrayList<>();

    GatedEchoServer(int answered) throws IOException {
        this.answered = answered;
        // A deep listen queue, so that every connect is accepted rather than left in a full queue.
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        Thread.ofVirtual().start(this::accept);
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                if (accepted.incrementAndGet() <= answered) {
                    Thread.ofVirtual().start(() -> answer(ch));
                } else {
                    silent.add(ch);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(SocketChannel ch) {
        WebSocket ws = ServerUpgrade.accept(ch, new Echo());
        if (ws != null) {
            open.add(ws);
        }
    }

    private static final class Echo implements WebSocketListener {
        @Override
        public void onText(WebSocket ws, String text) {
            ws.sendText(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (WebSocket ws : open) {
            ws.abort();
        }
        for (SocketChannel ch : silent) {
            ch.close();
        }
    }
}
