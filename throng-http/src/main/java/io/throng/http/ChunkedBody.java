package io.throng.http;

import java.io.IOException;

/**
 * A chunked request body (RFC 9112 7.1). Chunk-size lines ({@link ChunkedSyntax}, shared with the
 * client) and trailers are held to the same strict rules as the head: CRLF only, bounded lengths, no
 * control characters. A body growing beyond the limit fails with 413 as soon as a chunk header
 * announces it.
 */
final class ChunkedBody extends Body implements ChunkedSyntax.ByteSource {
    private long chunkLeft; // bytes left in the current chunk; -1 before the first chunk header
    private boolean done;

    ChunkedBody(ConnectionBuffers buffers, long max, Runnable beforeFirstRead) {
        super(buffers, max, beforeFirstRead);
        this.chunkLeft = -1;
    }

    @Override
    boolean finished() {
        return done;
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (chunkLeft <= 0) {
            if (chunkLeft == 0) {
                ChunkedSyntax.expectCrlf(this);
            }
            chunkLeft = ChunkedSyntax.chunkSize(this);
            if (chunkLeft == 0) {
                ChunkedSyntax.trailers(this);
                done = true;
                return -1;
            }
            if (received + chunkLeft > max) {
                throw new HttpException(413, "request body too large");
            }
        }
        int n = fromWire(b, off, (int) Math.min(len, chunkLeft));
        chunkLeft -= n;
        received += n;
        return n;
    }

    @Override
    public int next() throws IOException {
        if (!buffers.in.hasRemaining() && buffers.fillBody() < 0) {
            throw new java.io.EOFException("connection closed in a chunked body");
        }
        return buffers.in.get() & 0xff;
    }
}
