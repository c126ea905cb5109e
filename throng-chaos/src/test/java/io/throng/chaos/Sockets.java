package io.throng.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Client-side helpers: connect to a proxy, send, read exactly n bytes. */
final class Sockets {
    private Sockets() {}

    static SocketChannel connect(Proxy p) throws IOException {
        SocketChannel ch = SocketChannel.open(Addresses.parse(p.listen()));
        ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        return ch;
    }

    static void send(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads exactly n bytes; fails if the stream ends first. */
    static byte[] read(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new java.io.EOFException("stream ended after " + b.position() + " of " + n + " bytes");
            }
        }
        return b.array();
    }

    static InetSocketAddress any() {
        return new InetSocketAddress("127.0.0.1", 0);
    }
}
