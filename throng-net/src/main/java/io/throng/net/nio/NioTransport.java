package io.throng.net.nio;

import io.throng.net.ByteStream;
import io.throng.net.engine.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The NIO engine's {@link Transport}: a JDK {@link SocketChannel}, in blocking mode while a thread owns
 * it (the JDK parks the thread and re-arms the descriptor itself), non-blocking and registered with a
 * {@link Poller} while the connection is cold.
 *
 * <p>Going cold sets {@link #cold}; the poller runs the wake-up once the selector has let go of the key,
 * and the first I/O of the thread it starts takes the channel back into blocking mode. That first read
 * does not wait: the selector saw bytes or the end of stream, and no one else reads.
 */
public final class NioTransport implements Transport {
    private final SocketChannel channel;
    private final Poller poller;
    /** The poller's key while cold, else null; read by any closing thread. */
    private volatile SelectionKey key;
    /** Non-blocking and on the selector; only the owning thread reads or writes it (handed on by the wake-up). */
    private boolean cold;

    public NioTransport(SocketChannel channel, Poller poller) {
        this.channel = channel;
        this.poller = poller;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (cold) {
            takeBack();
        }
        return channel.read(dst);
    }

    /** A hot channel cannot be asked without blocking: 0, except right after a wake-up, when bytes are there. */
    @Override
    public int readNow(ByteBuffer dst) throws IOException {
        if (!cold) {
            return 0;
        }
        takeBack();
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (cold) {
            takeBack();
        }
        int n = src.remaining();
        while (src.hasRemaining()) {
            channel.write(src);
        }
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (cold) {
            takeBack();
        }
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += srcs[i].remaining();
        }
        long left = total;
        while (left > 0) {
            left -= channel.write(srcs, offset, length);
        }
        return total;
    }

    @Override
    public boolean whenReadable(Runnable wake) throws IOException {
        cold = true;
        channel.configureBlocking(false);
        key = poller.register(channel, wake);
        return true;
    }

    /** The thread the wake-up started takes the channel back; the selector has let go of it already. */
    private void takeBack() throws IOException {
        cold = false;
        key = null;
        channel.configureBlocking(true);
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput(); // a blocked read sees the end of input
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public ByteStream detach() {
        return new NioStream(channel);
    }

    @Override
    public SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        try {
            channel.close(); // also ends a read or write blocked on it
        } catch (IOException ignored) {
            // Closing is best effort: the descriptor is gone either way.
        }
        if (k != null) {
            poller.wakeup(); // lets the selector deregister the key and free the descriptor now
        }
    }
}
