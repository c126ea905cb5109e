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

    /**
     * The stream's reader idles and wants to let go of its thread. Returns true once {@code wake} is
     * arranged to run exactly once, when the stream may be readable (bytes, the end of stream) or has been
     * closed: on a poller thread, or on the thread that closes the stream. The reader then holds no thread
     * until {@code wake} starts one. Returns false, with nothing arranged, if the stream may be readable
     * already or cannot watch its readiness: the caller keeps its thread and reads (blocking) as before.
     * Only the epoll engine's sockets can watch; the default answers false.
     *
     * @throws IOException if the stream is closed
     */
    default boolean whenReadable(Runnable wake) throws IOException {
        return false;
    }

    /**
     * One write that never waits, for a thread that must not block on this peer (a broadcaster writing to
     * thousands): returns what the send buffer took now, maybe 0, or -1 if this stream cannot write without
     * perhaps waiting (the default: then nothing was written, and the caller hands the bytes to a thread that
     * may block). Only the epoll engine's sockets can; one writing thread at a time, as for {@link #write}.
     */
    default int writeNow(ByteBuffer src) throws IOException {
        return -1;
    }

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
