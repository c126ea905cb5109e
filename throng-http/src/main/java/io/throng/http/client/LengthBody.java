package io.throng.http.client;

import java.io.IOException;

/** A body of a declared Content-Length. */
final class LengthBody extends BodyInput {
    private long left;

    LengthBody(PooledConnection c, Pool pool, boolean keepAlive, ClientOptions options, long length) {
        super(c, pool, keepAlive, options);
        this.left = length;
        if (length == 0) {
            finish();
        }
    }

    @Override
    boolean ended() {
        return left == 0;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (buffered() == 0 && !fill()) {
            throw truncated();
        }
        int n = (int) Math.min(Math.min(len, buffered()), left);
        System.arraycopy(c.in, c.pos, b, off, n);
        c.pos += n;
        left -= n;
        if (left == 0) {
            finish();
        }
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(buffered(), left);
    }
}
