package io.throng.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A real TCP echo server on loopback, a virtual thread per connection: the upstream of the tests. */
final class EchoPeer implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    EchoPeer() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().start(this::accept);
    }

    String address() throws IOException {
        return "127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel ch = listener.accept();
                open.add(ch);
                Thread.ofVirtual().start(() -> echo(ch));
            }
        } catch (IOException e) {
            // Closed.
        }
    }

    private void echo(SocketChannel ch) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try (ch) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                buf.clear();
            }
        } catch (IOException e) {
            // Peer gone.
        } finally {
            open.remove(ch);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (SocketChannel ch : open) {
            ch.close();
        }
    }
}
