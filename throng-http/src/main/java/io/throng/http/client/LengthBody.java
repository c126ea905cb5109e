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
    int readBody(byte[] b, int off, int len) throws IOException {
        int n = take(b, off, len, left);
        if (n < 0) {
            throw truncated();
        }
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
