package io.throng.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as a stream that reads from the connection's buffer and, when that is empty, from
 * the socket. It never reads past the end of its message, so pipelined requests stay in the buffer.
 * The first read sends {@code 100 Continue} when the client asked for it.
 */
abstract class Body extends InputStream {
    final ConnectionBuffers buffers;
    private final Runnable beforeFirstRead;
    private boolean started;
    long received;
    final long max;

    Body(ConnectionBuffers buffers, long max, Runnable beforeFirstRead) {
        this.buffers = buffers;
        this.max = max;
        this.beforeFirstRead = beforeFirstRead;
    }

    /** True once the whole body has been read. */
    abstract boolean finished();

    abstract int readBody(byte[] b, int off, int len) throws IOException;

    boolean started() {
        return started;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!started) {
            started = true;
            if (beforeFirstRead != null) {
                beforeFirstRead.run();
            }
        }
        return readBody(b, off, len);
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Reads and discards the rest of the body if it is at most {@code limit} bytes; false otherwise. */
    boolean drain(long limit) throws IOException {
        byte[] skip = new byte[4096];
        long seen = 0;
        while (!finished()) {
            int n = read(skip, 0, skip.length);
            if (n < 0) {
                return finished(); // a chunked body reports its end by returning -1
            }
            seen += n;
            if (seen > limit) {
                return false;
            }
        }
        return true;
    }

    /** Copies from the buffer, refilling it from the socket when empty; -1 if the peer closed. */
    final int fromWire(byte[] b, int off, int len) throws IOException {
        if (!buffers.in.hasRemaining() && buffers.fillBody() < 0) {
            throw new java.io.EOFException("connection closed in the middle of a request body");
        }
        int n = Math.min(len, buffers.in.remaining());
        buffers.in.get(b, off, n);
        return n;
    }

    /** No body at all. */
    static final class Empty extends Body {
        Empty(ConnectionBuffers buffers) {
            super(buffers, 0, null);
        }

        @Override
        boolean finished() {
            return true;
        }

        @Override
        int readBody(byte[] b, int off, int len) {
            return -1;
        }
    }

    /** A body of a known length. */
    static final class Fixed extends Body {
        private final long length;

        Fixed(ConnectionBuffers buffers, long length, Runnable beforeFirstRead) {
            super(buffers, length, beforeFirstRead);
            this.length = length;
        }

        @Override
        boolean finished() {
            return received == length;
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (received == length) {
                return -1;
            }
            int n = fromWire(b, off, (int) Math.min(len, length - received));
            received += n;
            return n;
        }
    }
}
