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
    int readBody(byte[] b, int off, int len) throws IOException {
        int n = take(b, off, len, Long.MAX_VALUE);
        if (n < 0) {
            ended = true;
            finish();
        }
        return n;
    }
}
