package io.throng.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A TCP server that reads and forgets as fast as it can: the fast receiver behind a slow toxic. */
final class Discard implements AutoCloseable {
    private final ServerSocketChannel listener;

    Discard() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    SocketChannel ch = listener.accept();
                    Thread.ofVirtual().start(() -> {
                        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
                        try (ch) {
                            while (ch.read(b.clear()) >= 0) {
                                // Discard.
                            }
                        } catch (IOException e) {
                            // Gone.
                        }
                    });
                }
            } catch (IOException e) {
                // Closed.
            }
        });
    }

    String address() throws IOException {
        return "127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
