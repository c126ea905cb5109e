package io.throng.net;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A detached stream with bytes the connection had already received in front: what
 * {@link Connection#detach()} returns when a NIO idle wait took in bytes the protocol has not read.
 * Only the reading thread touches {@code unread}.
 */
final class StashedStream implements ByteStream {
    private final ByteStream stream;
    private ByteBuffer unread;

    StashedStream(ByteBuffer unread, ByteStream stream) {
        this.unread = unread;
        this.stream = stream;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ByteBuffer u = unread;
        if (u == null || !dst.hasRemaining()) {
            return stream.read(dst);
        }
        int n = move(u, dst);
        if (!u.hasRemaining()) {
            unread = null;
        }
        return n;
    }

    /** Moves what fits of {@code src} into {@code dst}; the connection's own reads of its stash use it too. */
    static int move(ByteBuffer src, ByteBuffer dst) {
        int n = Math.min(src.remaining(), dst.remaining());
        dst.put(dst.position(), src, src.position(), n);
        dst.position(dst.position() + n);
        src.position(src.position() + n);
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return stream.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return stream.write(srcs, offset, length);
    }

    @Override
    public int writeNow(ByteBuffer src) throws IOException {
        return stream.writeNow(src);
    }

    @Override
    public void shutdownOutput() throws IOException {
        stream.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return stream.isOpen();
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
