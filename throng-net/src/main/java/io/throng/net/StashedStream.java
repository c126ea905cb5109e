package io.throng.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * A detached stream with bytes the connection had already received in front: what
 * {@link Connection#detach()} returns when a NIO idle wait took in bytes the protocol has not read.
 * Only the reading thread touches {@code unread}.
 *
 * <p>While bytes are stashed the stream is readable whatever the socket says, so {@link #whenReadable}
 * refuses to let the reader go (the socket would not wake it for bytes it has already handed over);
 * once they are read it is the socket's answer.
 */
final class StashedStream extends ForwardingStream {
    private ByteBuffer unread;

    StashedStream(ByteBuffer unread, ByteStream stream) {
        super(stream);
        this.unread = unread;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ByteBuffer u = unread;
        if (u == null || !dst.hasRemaining()) {
            return inner.read(dst);
        }
        int n = move(u, dst);
        if (!u.hasRemaining()) {
            unread = null;
        }
        return n;
    }

    @Override
    public boolean whenReadable(Runnable wake) throws IOException {
        if (unread != null) {
            if (!inner.isOpen()) {
                throw new ClosedChannelException();
            }
            return false; // readable now: the caller reads the stash instead of waiting for an edge
        }
        return inner.whenReadable(wake);
    }

    /** Moves what fits of {@code src} into {@code dst}; the connection's own reads of its stash use it too. */
    static int move(ByteBuffer src, ByteBuffer dst) {
        int n = Math.min(src.remaining(), dst.remaining());
        dst.put(dst.position(), src, src.position(), n);
        dst.position(dst.position() + n);
        src.position(src.position() + n);
        return n;
    }
}
