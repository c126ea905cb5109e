package io.throng.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/**
 * A response body read straight from its connection's buffer. When the body has been read to its
 * end the connection goes back to the pool (if the response allowed keep-alive and nothing follows
 * the body); closing it before the end, a read error or a timeout closes the connection instead.
 */
abstract sealed class BodyInput extends InputStream permits LengthBody, ChunkedBodyInput, CloseDelimitedBody {
    final PooledConnection c;
    private final Pool pool;
    private final boolean keepAlive;
    private final ClientOptions options;
    private boolean released;

    BodyInput(PooledConnection c, Pool pool, boolean keepAlive, ClientOptions options) {
        this.c = c;
        this.pool = pool;
        this.keepAlive = keepAlive;
        this.options = options;
    }

    /** The body has ended: the connection is reused when the framing allowed it and no stray bytes follow. */
    final void finish() {
        release(keepAlive && c.pos == c.lim);
    }

    private void release(boolean reusable) {
        if (!released) {
            released = true;
            c.pos = 0;
            c.lim = 0;
            pool.release(c, reusable);
        }
    }

    /** Waits for more bytes, at most the read timeout. @return false at end of stream */
    final boolean fill() throws IOException {
        try {
            c.socket.setSoTimeout(Connector.millis(options.readTimeout().toMillis()));
            return c.fill(c.in.length) >= 0;
        } catch (SocketTimeoutException e) {
            release(false);
            throw new ClientTimeoutException(ClientTimeoutException.Timeout.READ, "no body bytes from " + c.origin
                    + " for " + options.readTimeout().toMillis() + " ms", e);
        } catch (IOException e) {
            release(false);
            if (Thread.currentThread().isInterrupted()) {
                throw cancelled(e);
            }
            throw e;
        }
    }

    final int buffered() {
        return c.lim - c.pos;
    }

    final IOException truncated() {
        release(false);
        return ResponseParser.refused(c, "connection closed before the end of the body");
    }

    final IOException refused(String why) {
        release(false);
        return ResponseParser.refused(c, why);
    }

    final InterruptedIOException cancelled(IOException cause) {
        InterruptedIOException e = new InterruptedIOException("response from " + c.origin + " cancelled by interrupt");
        e.initCause(cause);
        return e;
    }

    abstract boolean ended();

    /** Reads at least one byte of the body, or returns -1 at its end; {@code len} is positive. */
    abstract int readBody(byte[] b, int off, int len) throws IOException;

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (ended()) {
            return -1;
        }
        return len == 0 ? 0 : readBody(b, off, len);
    }

    /**
     * Moves up to {@code len} (and at most {@code max}) received bytes to {@code b}, waiting for some
     * if none are buffered.
     *
     * @return bytes moved, or -1 if the connection ended first
     */
    final int take(byte[] b, int off, int len, long max) throws IOException {
        if (buffered() == 0 && !fill()) {
            return -1;
        }
        int n = (int) Math.min(Math.min(len, buffered()), max);
        System.arraycopy(c.in, c.pos, b, off, n);
        c.pos += n;
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** Reads to the end, at most {@code max} bytes. @return whether the end was reached */
    final boolean drain(long max) throws IOException {
        byte[] skip = new byte[8192];
        long total = 0;
        int n;
        while (total <= max && (n = read(skip, 0, skip.length)) >= 0) {
            total += n;
        }
        return ended();
    }

    /** Closing before the end closes the connection: what is left of the body is unknown, maybe large. */
    @Override
    public void close() {
        release(false);
    }
}
