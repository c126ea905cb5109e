package io.throng.http.client;

import java.io.IOException;

/** A body without length or chunks: it ends when the server closes the connection, which is then gone. */
final class CloseDelimitedBody extends BodyInput {
    private boolean ended;

    CloseDelimitedBody(PooledConnection c, Pool pool, ClientOptions options) {
        super(c, pool, false, options);
    }

    @Override
    boolean ended() {
        return ended;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (buffered() == 0 && !fill()) {
            ended = true;
            finish();
            return -1;
        }
        int n = Math.min(len, buffered());
        System.arraycopy(c.in, c.pos, b, off, n);
        c.pos += n;
        return n;
    }
}
