package io.throng.net.engine;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * One accepted socket as an engine moves its bytes: what {@link io.throng.net.Connection} delegates to.
 * The connection keeps the life every engine shares (state, deadline, idle policy); the transport does
 * the I/O. One thread reads and one writes at a time; {@link #close()} and {@link #shutdownInput()} may
 * come from any thread.
 */
public interface Transport {

    /**
     * Reads at least one byte into {@code dst}, parking the calling (virtual) thread until some arrive.
     *
     * @return bytes read, -1 at end of stream, 0 only if {@code dst} has no room
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Reads bytes already received without waiting: bytes read, 0 if none is known to be waiting, -1 at the
     * end of stream. A transport that cannot tell without a system call answers 0.
     */
    int readNow(ByteBuffer dst) throws IOException;

    /**
     * Writes every remaining byte of {@code src}, parking while the send buffer is full.
     *
     * @return the bytes written
     */
    int write(ByteBuffer src) throws IOException;

    /**
     * Writes every remaining byte of {@code srcs[offset, offset + length)} in gathering writes.
     *
     * @return the bytes written
     */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * The connection idles and its thread wants to let go. Returns true once {@code wake} is arranged to
     * run exactly once, on a poller thread, when the socket may be readable (bytes or the end of stream);
     * the caller then holds no thread. Returns false, with nothing arranged, if the socket may be readable
     * already: the caller keeps serving. {@code wake} must be short (it runs on the poller); the reads after
     * it find the transport ready for blocking I/O again. If the socket is closed first, the epoll engine runs
     * {@code wake} on the closing thread instead (the NIO engine drops it): a wake must check its owner's
     * state, as a cold connection's does.
     *
     * @throws IOException if the socket cannot be watched (closed meanwhile, or the engine stopping)
     */
    boolean whenReadable(Runnable wake) throws IOException;

    /** Ends reading: a blocked or later read sees the end of stream; writing still works. Any thread. */
    void shutdownInput() throws IOException;

    /** Sends FIN after what was written; the peer can still send. */
    void shutdownOutput() throws IOException;

    /** The socket as a {@link ByteStream} for a protocol that runs its own threads on it after an upgrade. */
    ByteStream detach() throws IOException;

    /** The peer's address, or null if it is not known any more. */
    SocketAddress remoteAddress();

    /** Closes the socket; idempotent, any thread. A thread blocked in a read or write wakes and fails. */
    void close();
}
