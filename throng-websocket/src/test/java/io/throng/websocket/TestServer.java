package io.throng.websocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A minimal WebSocket server for tests: a loopback accept loop, {@link HttpHead} for the request,
 * {@link ServerHandshake} for the answer, then the engine. Stands in for the HTTP router.
 */
final class TestServer implements AutoCloseable {
    final List<WebSocket> connections = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private final Thread acceptor;

    TestServer(WebSocketConfig config, ServerHandshake.Options options, Supplier<WebSocketListener> listeners) throws IOException {
        this(0, config, options, listeners);
    }

    TestServer(int port, WebSocketConfig config, ServerHandshake.Options options, Supplier<WebSocketListener> listeners) throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", port));
        acceptor = Thread.ofVirtual().name("test-ws-accept").start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel ch = server.accept();
                    Thread.ofVirtual().start(() -> handshake(ch, config, options, listeners.get()));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    private void handshake(SocketChannel ch, WebSocketConfig config, ServerHandshake.Options options, WebSocketListener listener) {
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            HttpHead head = HttpHead.read(ch);
            ServerHandshake.Result r = ServerHandshake.negotiate(head.startLine().split(" ")[0], head::value, options);
            ByteBuffer response = ByteBuffer.wrap(r.responseBytes());
            while (response.hasRemaining()) {
                ch.write(response);
            }
            if (r instanceof ServerHandshake.Accepted a) {
                connections.add(WebSocket.start(ch, Role.SERVER, a.negotiated(), config, head.rest(), listener));
            } else {
                ch.close();
            }
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    java.net.URI uri(String path) throws IOException {
        return java.net.URI.create("ws://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() throws Exception {
        server.close();
        acceptor.join();
        for (WebSocket ws : connections) {
            ws.abort();
            ws.awaitClosed(java.time.Duration.ofSeconds(5));
        }
    }

    /** Echoes every message back. */
    static WebSocketListener echo() {
        return new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(text);
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                ws.sendBinary(data);
            }
        };
    }
}
