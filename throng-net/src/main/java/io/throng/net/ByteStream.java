package io.throng.net;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;

/**
 * A connection's socket after {@link Connection#detach()}: blocking reads and gathering writes, usable by
 * one reading and one writing thread at once (a WebSocket or a gateway relay). Closing it from any thread
 * ends a read or write blocked on it. Both engines provide it: the NIO engine wraps its
 * {@link java.nio.channels.SocketChannel}, the epoll engine its raw descriptor.
 */
public interface ByteStream extends ByteChannel, GatheringByteChannel {

    /** Sends FIN after what was written: the peer reads the end of stream, and can still send to us. */
    void shutdownOutput() throws IOException;
}
