package io.throng.net;

import io.throng.net.nio.NioStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;

/**
 * A connection's socket after {@link Connection#detach()}: blocking reads and gathering writes, usable by
 * one reading and one writing thread at once (a WebSocket or a gateway relay). Closing it from any thread
 * ends a read or write blocked on it. Both engines provide it: the NIO engine wraps its
 * {@link java.nio.channels.SocketChannel}, the epoll engine its raw descriptor.
 */
public interface ByteStream extends ByteChannel, GatheringByteChannel {

    /** Sends FIN after what was written: the peer reads the end of stream, and can still send to us. */
    void shutdownOutput() throws IOException;

    /** Writes all of {@code srcs}: the gathering write over the whole array. */
    @Override
    default long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /**
     * A connected, blocking {@link SocketChannel} as a ByteStream (what the NIO engine's detached sockets
     * are): for a client's socket, e.g. to run {@link io.throng.net.tls.TlsStream#connect TLS} over it.
     */
    static ByteStream of(SocketChannel channel) {
        return new NioStream(channel);
    }
}
